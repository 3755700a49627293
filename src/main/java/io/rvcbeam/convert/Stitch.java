package io.rvcbeam.convert;

import io.rvcbeam.audio.PeakLimiter;
import io.rvcbeam.audio.VolumeEnvelopeMix;
import java.util.List;

/**
 * Step 6: the converted chunks into the song (docs/algorithm.md §9): concatenation, the RMS
 * envelope mix, the 0.99 output peak limit, then the optional instrumental stem under the vocal
 * (with the song's gains, limited again so the sum cannot clip). Stateless.
 */
public final class Stitch {

  private final int sampleRate;

  /** @param sampleRate the converted chunks' rate (the voice model's) */
  public Stitch(int sampleRate) {
    this.sampleRate = sampleRate;
  }

  /**
   * @param song the trimmed chunk outputs concatenated in song order ({@link #concatenate});
   *     overwritten, so a whole song is not held twice
   * @param sourceRms {@link SourceEnvelope}'s frames, or null when the mix is skipped
   * @param instrumental the stem at {@code sampleRate}, or null
   * @param profiler times the mix as {@code rmsmix}
   * @return the song at {@code sampleRate}
   */
  public float[] apply(float[] song, float[] sourceRms, ConversionSettings settings,
      double[] instrumental, Profiler profiler) {
    if (sourceRms != null && settings.usesRmsMix()) {
      profiler.time("rmsmix", () -> VolumeEnvelopeMix.applyEnvelopeInPlace(
          sourceRms, song, sampleRate, settings.rmsMixRate()));
    }
    PeakLimiter.limitInPlace(song, PeakLimiter.OUTPUT_CEILING);
    if (instrumental == null) {
      return song;
    }
    float[] mixed = new float[song.length];
    for (int i = 0; i < song.length; i++) {
      double stem = i < instrumental.length ? instrumental[i] : 0;
      mixed[i] = (float) (settings.vocalGain() * song[i] + settings.instrumentalGain() * stem);
    }
    return PeakLimiter.limitInPlace(mixed, PeakLimiter.OUTPUT_CEILING);
  }

  /** The pieces one after another, in a new array. */
  public static float[] concatenate(List<float[]> pieces) {
    int total = 0;
    for (float[] p : pieces) {
      total += p.length;
    }
    float[] out = new float[total];
    int at = 0;
    for (float[] p : pieces) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
