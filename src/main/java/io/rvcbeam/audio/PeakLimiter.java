package io.rvcbeam.audio;

/**
 * RVC's attenuate-only peak normalisation: if {@code max|x| / ceiling > 1}, divide by it, so the
 * peak becomes {@code ceiling}; quieter audio is left alone. The reference uses ceiling 0.95 on the
 * 16 kHz input (docs/algorithm.md §2.2) and 0.99 on the output (§9.3).
 */
public final class PeakLimiter {

  /** Ceiling applied to the 16 kHz input. */
  public static final double INPUT_CEILING = 0.95;

  /** Ceiling applied to the converted output. */
  public static final double OUTPUT_CEILING = 0.99;

  private PeakLimiter() {}

  /** A limited copy of {@code x} (or {@code x} itself when no attenuation is needed). */
  public static float[] limit(float[] x, double ceiling) {
    float peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    // float32 peak / python float, as numpy 2 computes it on a float32 array.
    float factor = (float) (peak / ceiling);
    if (!(factor > 1)) {
      return x;
    }
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] / factor;
    }
    return out;
  }

  /** As {@link #limit(float[], double)}, but overwrites and returns {@code x}. */
  public static float[] limitInPlace(float[] x, double ceiling) {
    float peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    float factor = (float) (peak / ceiling);
    if (factor > 1) {
      for (int i = 0; i < x.length; i++) {
        x[i] /= factor;
      }
    }
    return x;
  }

  /** A limited copy of {@code x} (or {@code x} itself when no attenuation is needed); float64. */
  public static double[] limit(double[] x, double ceiling) {
    double factor = divisor(x, ceiling);
    if (factor == 1) {
      return x;
    }
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] / factor;
    }
    return out;
  }

  /** What {@link #limit(double[], double)} divides every sample by: 1 when it leaves x alone. */
  static double divisor(double[] x, double ceiling) {
    double peak = 0;
    for (double v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    double factor = peak / ceiling;
    return factor > 1 ? factor : 1;
  }
}
