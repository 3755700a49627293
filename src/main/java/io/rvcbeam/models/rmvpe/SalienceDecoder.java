package io.rvcbeam.models.rmvpe;

/**
 * RMVPE's salience-to-Hz decoding ({@code to_local_average_cents} + threshold + cents-to-Hz),
 * in plain Java with the reference's number types: the nine saliences around the arg-max are
 * summed in float32, their products with the cents table in float64.
 */
public final class SalienceDecoder {

  /** Pitch classes of the network output, 20 cents apart. */
  public static final int CLASSES = 360;

  /** Cents of class 0 (about 31.7 Hz); cents are relative to 10 Hz. */
  public static final double CENTS_OFFSET = 1997.3794084376191;

  private static final int HALF_WINDOW = 4;

  private SalienceDecoder() {}

  /** Cents of pitch class i. */
  public static double cents(int i) {
    return 20.0 * i + CENTS_OFFSET;
  }

  /**
   * @param salience [T][360] network output rows
   * @param threshold frames whose largest salience is {@code <= threshold} are unvoiced
   * @return f0 in Hz per frame, 0 where unvoiced (float64, as the reference)
   */
  public static double[] decode(float[][] salience, float threshold) {
    double[] f0 = new double[salience.length];
    for (int t = 0; t < salience.length; t++) {
      f0[t] = decodeFrame(salience[t], threshold);
    }
    return f0;
  }

  /** One frame; see {@link #decode(float[][], float)}. */
  public static double decodeFrame(float[] s, float threshold) {
    if (s.length != CLASSES) {
      throw new IllegalArgumentException("salience row has " + s.length + " classes, expected "
          + CLASSES);
    }
    int arg = 0;
    for (int i = 1; i < CLASSES; i++) {
      if (s[i] > s[arg]) {
        arg = i;
      }
    }
    if (!(s[arg] > threshold)) {
      return 0.0;
    }
    float[] win = new float[2 * HALF_WINDOW + 1];
    double[] products = new double[win.length];
    for (int j = 0; j < win.length; j++) {
      int i = arg - HALF_WINDOW + j;
      boolean inside = i >= 0 && i < CLASSES;
      win[j] = inside ? s[i] : 0f;
      // The reference pads the cents table with zeros as well as the saliences.
      products[j] = inside ? (double) win[j] * cents(i) : 0.0;
    }
    double cents = numpySum(products) / numpySum(win);
    double f0 = 10.0 * Math.pow(2.0, cents / 1200.0);
    return f0 == 10.0 ? 0.0 : f0;
  }

  /**
   * NumPy's summation order for a contiguous row of 9 (its pairwise sum unrolled by 8): eight
   * partial sums combined as ((0+1)+(2+3))+((4+5)+(6+7)), then the ninth added.
   */
  static float numpySum(float[] v) {
    float r = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
    return r + v[8];
  }

  static double numpySum(double[] v) {
    double r = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
    return r + v[8];
  }
}
