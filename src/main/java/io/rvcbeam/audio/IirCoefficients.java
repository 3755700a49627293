package io.rvcbeam.audio;

import java.util.Arrays;

/**
 * Transfer-function coefficients of a digital IIR filter, {@code b} (numerator) and {@code a}
 * (denominator), normalised so that {@code a[0] == 1}, both of the same length.
 */
public final class IirCoefficients {

  private final double[] b;
  private final double[] a;

  public IirCoefficients(double[] b, double[] a) {
    if (a.length == 0 || a[0] == 0.0) {
      throw new IllegalArgumentException("a[0] must be non-zero");
    }
    int n = Math.max(a.length, b.length);
    this.b = new double[n];
    this.a = new double[n];
    for (int i = 0; i < b.length; i++) {
      this.b[i] = b[i] / a[0];
    }
    for (int i = 0; i < a.length; i++) {
      this.a[i] = a[i] / a[0];
    }
  }

  public double[] b() {
    return b.clone();
  }

  public double[] a() {
    return a.clone();
  }

  /** Number of coefficients (filter order + 1). */
  public int length() {
    return a.length;
  }

  double b(int i) {
    return b[i];
  }

  double a(int i) {
    return a[i];
  }

  @Override
  public String toString() {
    return "IirCoefficients{b=" + Arrays.toString(b) + ", a=" + Arrays.toString(a) + "}";
  }
}
