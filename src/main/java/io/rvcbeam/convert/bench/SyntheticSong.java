package io.rvcbeam.convert.bench;

import java.util.SplittableRandom;

/**
 * A deterministic song-like 16 kHz mono signal: a sung melody (harmonic notes with vibrato and
 * phrase gaps), a bass line and noise-burst drums. Realistic enough that every stage does its
 * usual work (voiced and unvoiced frames, quiet points for the chunk planner).
 */
public final class SyntheticSong {

  public static final int SAMPLE_RATE = 16_000;

  private static final double[] SCALE = {0, 2, 4, 5, 7, 9, 11, 12};

  private SyntheticSong() {}

  /** {@code seconds} of signal in about [-0.8, 0.8]. */
  public static double[] generate(double seconds, long seed) {
    int n = (int) Math.round(seconds * SAMPLE_RATE);
    double[] out = new double[n];
    SplittableRandom random = new SplittableRandom(seed);
    double noteSeconds = 0.4;
    double voicePhase = 0;
    double bassPhase = 0;
    double noteHz = 220;
    double bassHz = 55;
    int noteLength = (int) (noteSeconds * SAMPLE_RATE);
    for (int i = 0; i < n; i++) {
      if (i % noteLength == 0) {
        noteHz = 196 * Math.pow(2, SCALE[random.nextInt(SCALE.length)] / 12.0);
        if (i % (4 * noteLength) == 0) {
          bassHz = 41.2 * Math.pow(2, SCALE[random.nextInt(5)] / 12.0);
        }
      }
      double t = (double) i / SAMPLE_RATE;
      // Phrases of 4 s with a 0.5 s breath at the end.
      double inPhrase = t % 4.0;
      double voiceGain = inPhrase > 3.5 ? 0 : Math.min(1, inPhrase * 20) * Math.min(1,
          (3.5 - inPhrase) * 20);
      double hz = noteHz * (1 + 0.01 * Math.sin(2 * Math.PI * 5.5 * t));
      voicePhase += 2 * Math.PI * hz / SAMPLE_RATE;
      double voice = 0;
      for (int h = 1; h <= 8; h++) {
        voice += Math.sin(h * voicePhase) / h;
      }
      bassPhase += 2 * Math.PI * bassHz / SAMPLE_RATE;
      double beat = t % 0.5;
      double drum = beat < 0.08 ? (2 * random.nextDouble() - 1) * Math.exp(-beat * 60) : 0;
      out[i] = 0.25 * voiceGain * voice + 0.15 * Math.sin(bassPhase) + 0.2 * drum
          + 0.002 * (2 * random.nextDouble() - 1);
    }
    return out;
  }
}
