package io.rvcbeam.convert;

/**
 * Per-chunk feature handling between the content encoder and the synthesizer (docs/algorithm.md §7):
 * frame counts, the ×2 nearest upsample in time and the protect blend. Features are row-major
 * {@code [frames, channels]} float arrays.
 */
public final class FeatureUpsampler {

  /** Receptive field and hop of the content encoder's convolution stack, in samples. */
  static final int CONTENT_FIELD = 400;

  static final int CONTENT_HOP = 320;

  /** protect values at or above this disable the protect blend, as in the reference. */
  public static final float PROTECT_OFF = 0.5f;

  private FeatureUpsampler() {}

  /** {@code T_h = (L − 400) // 320 + 1} content frames for L input samples (0 if L < 400). */
  public static int contentFrames(int samples) {
    return samples < CONTENT_FIELD ? 0 : (samples - CONTENT_FIELD) / CONTENT_HOP + 1;
  }

  /** {@code p_len = min(L // 160, 2·T_h)}, which always equals {@code 2·T_h}. */
  public static int synthFrames(int samples) {
    return Math.min(samples / ChunkConfig.WINDOW, 2 * contentFrames(samples));
  }

  /** Nearest ×2 upsample in time: {@code out[i] = in[i / 2]}; [T, C] → [2T, C]. */
  public static float[] upsample2x(float[] features, int channels) {
    checkShape(features, channels);
    int frames = features.length / channels;
    float[] out = new float[2 * features.length];
    for (int t = 0; t < frames; t++) {
      System.arraycopy(features, t * channels, out, 2 * t * channels, channels);
      System.arraycopy(features, t * channels, out, (2 * t + 1) * channels, channels);
    }
    return out;
  }

  /**
   * The protect mask per frame: 1 where {@code pitchf > 0}, then {@code protect} where {@code
   * pitchf < 1} (both evaluated on the original pitch, so the second rule wins for 0 < f0 < 1).
   */
  public static float[] protectMask(float[] pitchf, int frames, float protect) {
    float[] m = new float[frames];
    for (int i = 0; i < frames; i++) {
      float f = pitchf[i];
      m[i] = f;
      if (f > 0) {
        m[i] = 1f;
      }
      if (f < 1) {
        m[i] = protect;
      }
    }
    return m;
  }

  /**
   * The protect blend {@code feats·m + feats0·(1 − m)} over the first {@code pitchf.length}
   * frames (both inputs already upsampled, [2T, C]); returns {@code features} itself unchanged
   * when {@code protect >= 0.5}.
   */
  public static float[] protect(
      float[] features, float[] original, float[] pitchf, int channels, float protect) {
    checkShape(features, channels);
    if (original.length != features.length) {
      throw new IllegalArgumentException(
          "features and pre-retrieval features differ in size: "
              + features.length
              + " vs "
              + original.length);
    }
    if (protect >= PROTECT_OFF) {
      return features;
    }
    int frames = features.length / channels;
    if (pitchf.length != frames) {
      throw new IllegalArgumentException(
          "protect needs one pitch value per frame: " + pitchf.length + " vs " + frames);
    }
    float[] m = protectMask(pitchf, frames, protect);
    float[] out = new float[features.length];
    for (int t = 0; t < frames; t++) {
      float keep = m[t];
      float restore = 1f - keep;
      int row = t * channels;
      for (int c = 0; c < channels; c++) {
        out[row + c] = features[row + c] * keep + original[row + c] * restore;
      }
    }
    return out;
  }

  private static void checkShape(float[] features, int channels) {
    if (channels <= 0 || features.length % channels != 0) {
      throw new IllegalArgumentException(
          features.length + " values are not whole frames of " + channels + " channels");
    }
  }
}
