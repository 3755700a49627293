package io.rvcbeam.pipeline.values;

import io.rvcbeam.pipeline.report.StageTimes;
import java.util.Map;

/**
 * A song's audio between decoding and chunking: 16 kHz mono samples (decoded, then high-passed),
 * the pitch once estimated, and facts about the original file.
 *
 * <p>Immutable by contract: the arrays are never written after construction (Beam's
 * immutability check is off for audio-sized runs, so nothing else enforces this).
 *
 * @param song the song
 * @param samples16k mono samples at 16 kHz
 * @param f0 pitch in Hz per 10 ms frame of the padded song, or null before {@link EstimatePitch}
 * @param originalRate sample rate of the input file
 * @param originalChannels channel count of the input file
 * @param times processing time spent so far
 * @param tags the input's tags to carry to the output
 */
public record SongAudio(
    Song song,
    double[] samples16k,
    double[] f0,
    int originalRate,
    int originalChannels,
    StageTimes times,
    Map<String, String> tags) {

  public static final int RATE = 16_000;

  public SongAudio {
    tags = tags == null ? Map.of() : tags;
  }

  /** Without tags. */
  public SongAudio(Song song, double[] samples16k, double[] f0, int originalRate,
      int originalChannels, StageTimes times) {
    this(song, samples16k, f0, originalRate, originalChannels, times, Map.of());
  }

  public double inputSeconds() {
    return samples16k.length / (double) RATE;
  }

  public SongAudio withSamples(double[] newSamples, Stage stage, long nanos) {
    return new SongAudio(
        song, newSamples, f0, originalRate, originalChannels, times.plus(stage, nanos), tags);
  }

  public SongAudio withPitch(double[] newF0, Stage stage, long nanos) {
    return new SongAudio(
        song, samples16k, newF0, originalRate, originalChannels, times.plus(stage, nanos), tags);
  }
}
