package io.rvcbeam.models.synth;

/**
 * Frame-rate pitch stretched to the output rate the way PyTorch's CPU interpolation kernels do it
 * in float32 (same source indices and weights), so the harmonic sources see the reference's
 * per-sample pitch exactly.
 */
public final class PitchUpsampling {

  private PitchUpsampling() {}

  /**
   * {@code nn.Upsample(scale_factor=factor)} (nearest), as the MRF decoder stretches its pitch:
   * source index {@code min(floor(d · (float) (1 / factor)), T − 1)}.
   *
   * @return T·factor values
   */
  public static float[] nearest(float[] f0, int factor) {
    int t = f0.length;
    float[] out = new float[t * factor];
    float scale = (float) (1.0 / factor);
    for (int d = 0; d < out.length; d++) {
      int src = factor == 2 ? d >> 1 : (int) Math.floor(d * scale);
      out[d] = f0[Math.min(src, t - 1)];
    }
    return out;
  }

  /**
   * {@code F.interpolate(size=length, mode="linear", align_corners=False)}, as RefineGAN stretches
   * its pitch: source position {@code max((T / length)·(d + ½) − ½, 0)}, the next sample clamped
   * at the end.
   */
  public static float[] linear(float[] f0, int length) {
    int t = f0.length;
    float[] out = new float[length];
    float scale = (float) t / (float) length;
    for (int d = 0; d < length; d++) {
      float src = Math.max(scale * (d + 0.5f) - 0.5f, 0f);
      int i0 = (int) src;
      float l1 = Math.min(Math.max(src - i0, 0f), 1f);
      float l0 = 1f - l1;
      int i1 = i0 < t - 1 ? i0 + 1 : i0;
      out[d] = f0[i0] * l0 + f0[i1] * l1;
    }
    return out;
  }
}
