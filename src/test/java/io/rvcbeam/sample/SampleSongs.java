package io.rvcbeam.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the synthetic "songs" of {@code sample-data/songs}: sung-like melodies (harmonic tones
 * with vibrato and a formant-ish spectral tilt), breaths and pauses, as 16-bit PCM WAV. Made
 * here so the sample carries no third-party material.
 *
 * <p>Run: {@code java -cp target/test-classes io.rvcbeam.sample.SampleSongs sample-data/songs}
 */
public final class SampleSongs {

  private SampleSongs() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "sample-data/songs");
    Files.createDirectories(dir);
    write(dir.resolve("lullaby.wav"), 44100, song(44100, 2, 9.0, new int[] {60, 62, 64, 60, 67, 65, 64}, 1));
    write(dir.resolve("march.wav"), 48000, song(48000, 1, 7.5, new int[] {55, 55, 62, 62, 64, 64, 62}, 2));
    write(dir.resolve("ballad.wav"), 22050, song(22050, 2, 11.0, new int[] {57, 60, 64, 69, 67, 64}, 3));
    write(dir.resolve("chant.wav"), 16000, song(16000, 1, 6.0, new int[] {50, 50, 52, 50, 53, 52}, 4));
  }

  /** A melody of MIDI notes with vibrato, note gaps and a breath between phrases. */
  static float[][] song(int rate, int channels, double seconds, int[] notes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = (int) (seconds * rate);
    float[] mono = new float[n];
    double noteLength = seconds / (notes.length + 1);
    double phase = 0;
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      int k = (int) (t / noteLength);
      double inNote = t - k * noteLength;
      double sample = 0;
      if (k < notes.length && inNote < noteLength * 0.85) {
        double f0 = 440 * Math.pow(2, (notes[k] - 69) / 12.0);
        f0 *= 1 + 0.02 * Math.sin(2 * Math.PI * 5.5 * t);
        phase += 2 * Math.PI * f0 / rate;
        double envelope = Math.min(1, inNote / 0.05) * Math.min(1, (noteLength * 0.85 - inNote) / 0.08);
        for (int h = 1; h <= 12; h++) {
          double formant = Math.exp(-Math.pow((h * f0 - 700) / 900, 2)) + 0.3 / h;
          sample += formant * Math.sin(h * phase) / h;
        }
        sample *= 0.25 * envelope;
      } else if (k < notes.length) {
        sample = 0.02 * (random.nextDouble() * 2 - 1); // breath
      }
      mono[i] = (float) sample;
    }
    float[][] out = new float[channels][];
    out[0] = mono;
    for (int c = 1; c < channels; c++) {
      out[c] = new float[n];
      for (int i = 0; i < n; i++) {
        int j = Math.max(0, i - 11 * c);
        out[c][i] = 0.8f * mono[j] + (float) (0.002 * (random.nextDouble() * 2 - 1));
      }
    }
    return out;
  }

  /** A canonical 44-byte-header PCM_16 WAV; the tests' own fixtures use the product's encoder. */
  static void write(Path file, int rate, float[][] channels) throws IOException {
    int frames = channels[0].length;
    int ch = channels.length;
    ByteBuffer b = ByteBuffer.allocate(44 + frames * ch * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + frames * ch * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) ch);
    b.putInt(rate).putInt(rate * ch * 2).putShort((short) (ch * 2)).putShort((short) 16);
    b.put("data".getBytes()).putInt(frames * ch * 2);
    for (int i = 0; i < frames; i++) {
      for (float[] c : channels) {
        b.putShort((short) Math.round(Math.max(-1, Math.min(1, c[i])) * 32767));
      }
    }
    Files.write(file, b.array());
  }
}
