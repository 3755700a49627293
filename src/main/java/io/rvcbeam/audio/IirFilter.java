package io.rvcbeam.audio;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Direct-form-II-transposed IIR filtering in float64, with the same operation order as {@code
 * scipy.signal.lfilter}, and scipy's {@code lfilter_zi} steady-state initial conditions.
 */
final class IirFilter {

  private IirFilter() {}

  /**
   * Filters {@code x[from..to)} into {@code y} (same indices) starting from state {@code z} (length
   * = coefficients − 1), which is updated in place. {@code x} and {@code y} may be the same array.
   */
  static void lfilter(IirCoefficients c, double[] x, double[] y, double[] z, int from, int to) {
    int n = c.length();
    if (n == 1) {
      for (int t = from; t < to; t++) {
        y[t] = c.b(0) * x[t];
      }
      return;
    }
    double[] b = c.b();
    double[] a = c.a();
    for (int t = from; t < to; t++) {
      double xn = x[t];
      double yn = z[0] + b[0] * xn;
      for (int k = 0; k < n - 2; k++) {
        z[k] = z[k + 1] + xn * b[k + 1] - yn * a[k + 1];
      }
      z[n - 2] = xn * b[n - 1] - yn * a[n - 1];
      y[t] = yn;
    }
  }

  /**
   * As {@link #lfilter} over {@code x[from..to)} taken in reverse order (t = to − 1 down to from):
   * what lfilter does to the reversed array, without reversing it.
   */
  static void lfilterBackwards(
      IirCoefficients c, double[] x, double[] y, double[] z, int from, int to) {
    int n = c.length();
    if (n == 1) {
      for (int t = to - 1; t >= from; t--) {
        y[t] = c.b(0) * x[t];
      }
      return;
    }
    double[] b = c.b();
    double[] a = c.a();
    for (int t = to - 1; t >= from; t--) {
      double xn = x[t];
      double yn = z[0] + b[0] * xn;
      for (int k = 0; k < n - 2; k++) {
        z[k] = z[k + 1] + xn * b[k + 1] - yn * a[k + 1];
      }
      z[n - 2] = xn * b[n - 1] - yn * a[n - 1];
      y[t] = yn;
    }
  }

  /**
   * Initial state for the step response's steady state (what {@code scipy.signal.lfilter_zi}
   * computes): with the DC gain {@code g = Σb / Σa}, {@code z[n−1] = b[n] − a[n]·g} and {@code z[k]
   * = z[k+1] + b[k+1] − a[k+1]·g}. The sums are formed exactly: for a high-pass Σb is 0 and Σa is
   * tiny, so a rounded sum (or scipy's LU solve) leaves noise of order 1e-7 in the result.
   */
  static double[] steadyStateZi(IirCoefficients c) {
    int n = c.length() - 1;
    BigDecimal sumB = BigDecimal.ZERO;
    BigDecimal sumA = BigDecimal.ZERO;
    for (int i = 0; i <= n; i++) {
      sumB = sumB.add(new BigDecimal(c.b(i)));
      sumA = sumA.add(new BigDecimal(c.a(i)));
    }
    double gain = sumB.divide(sumA, MathContext.DECIMAL128).doubleValue();
    double[] z = new double[n];
    z[n - 1] = c.b(n) - c.a(n) * gain;
    for (int k = n - 2; k >= 0; k--) {
      z[k] = z[k + 1] + c.b(k + 1) - c.a(k + 1) * gain;
    }
    return z;
  }
}
