package io.rvcbeam.audio;

import java.util.Arrays;

/**
 * Digital Butterworth filter design, following the steps of {@code scipy.signal.butter} with {@code
 * output='ba'}: analog low-pass prototype poles, low-pass to high-pass transform at the pre-warped
 * cutoff, bilinear transform, then expansion of zeros and poles to polynomials. All in float64
 * complex arithmetic done by hand (no Java library offers this design in plain doubles).
 */
public final class Butterworth {

  private Butterworth() {}

  /**
   * High-pass design, e.g. {@code highPass(5, 48, 16000)} for RVC's input filter.
   *
   * @param order filter order N ≥ 1
   * @param cutoffHz -3 dB frequency
   * @param sampleRate sampling rate in Hz
   */
  public static IirCoefficients highPass(int order, double cutoffHz, double sampleRate) {
    if (order < 1) {
      throw new IllegalArgumentException("order must be >= 1: " + order);
    }
    if (!(cutoffHz > 0 && cutoffHz < sampleRate / 2)) {
      throw new IllegalArgumentException(
          "cutoff " + cutoffHz + " Hz must lie in (0, " + sampleRate / 2 + ")");
    }
    // scipy normalises to Nyquist, then works with fs = 2.
    double wn = cutoffHz / (sampleRate / 2);
    double fs = 2.0;
    double warped = 2 * fs * Math.tan(Math.PI * wn / fs);

    // Analog prototype: p_m = -exp(i·π·m / (2N)), m = -N+1, -N+3, ..., N-1; no zeros; gain 1.
    double[] pr = new double[order];
    double[] pi = new double[order];
    for (int j = 0; j < order; j++) {
      int m = -order + 1 + 2 * j;
      double theta = Math.PI * m / (2 * order);
      pr[j] = -Math.cos(theta);
      pi[j] = -Math.sin(theta);
    }

    // Low-pass -> high-pass: p' = wo / p; N zeros at s = 0; k' = k·Re(1 / prod(-p)).
    double[] prodNeg = {1, 0};
    for (int j = 0; j < order; j++) {
      prodNeg = mul(prodNeg[0], prodNeg[1], -pr[j], -pi[j]);
    }
    double k = div(1, 0, prodNeg[0], prodNeg[1])[0];
    for (int j = 0; j < order; j++) {
      double[] q = div(warped, 0, pr[j], pi[j]);
      pr[j] = q[0];
      pi[j] = q[1];
    }

    // Bilinear transform with fs2 = 2·fs: z = (fs2 + s) / (fs2 - s); zeros at s = 0 map to 1.
    double fs2 = 2 * fs;
    double[] num = {1, 0};
    double[] den = {1, 0};
    for (int j = 0; j < order; j++) {
      num = mul(num[0], num[1], fs2, 0);
      den = mul(den[0], den[1], fs2 - pr[j], -pi[j]);
    }
    k = k * div(num[0], num[1], den[0], den[1])[0];
    for (int j = 0; j < order; j++) {
      double[] q = div(fs2 + pr[j], pi[j], fs2 - pr[j], -pi[j]);
      pr[j] = q[0];
      pi[j] = q[1];
    }

    double[] zr = new double[order];
    Arrays.fill(zr, 1.0);
    double[] bPoly = polyReal(zr, new double[order]);
    double[] b = new double[order + 1];
    for (int i = 0; i <= order; i++) {
      b[i] = k * bPoly[i];
    }
    double[] a = polyReal(pr, pi);
    return new IirCoefficients(b, a);
  }

  /**
   * Coefficients of prod(x − r_j), highest power first, for roots in conjugate pairs. Each step
   * convolves with [1, −r_j] the way numpy's complex convolution (a BLAS {@code zdotu}) rounds: the
   * real and imaginary products are summed separately, then combined. This order makes the result
   * bit-identical to scipy's; the filter is sensitive to the last bits of {@code a}.
   */
  private static double[] polyReal(double[] rr, double[] ri) {
    int n = rr.length;
    double[] cr = new double[n + 1];
    double[] ci = new double[n + 1];
    cr[0] = 1;
    for (int j = 0; j < n; j++) {
      double vr = -rr[j];
      double vi = -ri[j];
      for (int i = j + 1; i >= 1; i--) {
        double realReal = cr[i] + cr[i - 1] * vr;
        double imagImag = ci[i] * 0.0 + ci[i - 1] * vi;
        double realImag = cr[i] * 0.0 + cr[i - 1] * vi;
        double imagReal = ci[i] + ci[i - 1] * vr;
        cr[i] = realReal - imagImag;
        ci[i] = realImag + imagReal;
      }
    }
    return cr;
  }

  private static double[] mul(double ar, double ai, double br, double bi) {
    return new double[] {ar * br - ai * bi, ar * bi + ai * br};
  }

  /** Complex division as numpy does it (Smith's method). */
  private static double[] div(double ar, double ai, double br, double bi) {
    if (Math.abs(br) >= Math.abs(bi)) {
      double rat = bi / br;
      double scl = 1.0 / (br + bi * rat);
      return new double[] {(ar + ai * rat) * scl, (ai - ar * rat) * scl};
    }
    double rat = br / bi;
    double scl = 1.0 / (bi + br * rat);
    return new double[] {(ar * rat + ai) * scl, (ai * rat - ar) * scl};
  }
}
