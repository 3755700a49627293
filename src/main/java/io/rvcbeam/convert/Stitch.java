package io.rvcbeam.convert;

import io.rvcbeam.audio.PeakLimiter;
import io.rvcbeam.audio.VolumeEnvelopeMix;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Step 6: the converted chunks into the song (docs/algorithm.md §9): concatenation, the RMS
 * envelope mix, the 0.99 output peak limit ({@link #apply}), then the optional instrumental stem
 * under the vocal (with the song's gains, limited again so the sum cannot clip; {@link
 * #mixStem}). Stateless.
 */
public final class Stitch {

  private final int sampleRate;

  /** @param sampleRate the converted chunks' rate (the voice model's) */
  public Stitch(int sampleRate) {
    this.sampleRate = sampleRate;
  }

  /** An instrumental stem at the song's rate, handed on sample by sample as it decodes. */
  @FunctionalInterface
  public interface Stem {
    /** Hands every sample to {@code samples}, in order. */
    void feed(DoubleConsumer samples) throws Exception;
  }

  /**
   * @param song the trimmed chunk outputs concatenated in song order ({@link #concatenate});
   *     overwritten, so a whole song is not held twice
   * @param sourceRms {@link SourceEnvelope}'s frames, or null when the mix is skipped
   * @param profiler times the mix as {@code rmsmix}
   * @return the song at {@code sampleRate}
   */
  public float[] apply(float[] song, float[] sourceRms, ConversionSettings settings,
      Profiler profiler) {
    if (sourceRms != null && settings.usesRmsMix()) {
      profiler.time("rmsmix", () -> VolumeEnvelopeMix.applyEnvelopeInPlace(
          sourceRms, song, sampleRate, settings.rmsMixRate()));
    }
    return PeakLimiter.limitInPlace(song, PeakLimiter.OUTPUT_CEILING);
  }

  /**
   * The stem under the stitched vocal with the song's gains, limited again so the sum cannot
   * clip. A stem shorter than the song is silence after its end; a longer one is cut.
   *
   * @param song {@link #apply}'s result; mixed in place while the stem decodes, so neither the
   *     stem nor a second song is held
   */
  public float[] mixStem(float[] song, ConversionSettings settings, Stem stem) throws Exception {
    double vocalGain = settings.vocalGain();
    double stemGain = settings.instrumentalGain();
    int[] at = {0};
    stem.feed(v -> {
      if (at[0] < song.length) {
        song[at[0]] = (float) (vocalGain * song[at[0]] + stemGain * v);
      }
      at[0]++;
    });
    for (int i = at[0]; i < song.length; i++) {
      // The same sum with a silent stem, not the vocal gain alone: a -0.0 vocal then becomes +0.0
      // as it did when the stem was a zero-padded array.
      song[i] = (float) (vocalGain * song[i] + stemGain * 0.0);
    }
    return PeakLimiter.limitInPlace(song, PeakLimiter.OUTPUT_CEILING);
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
