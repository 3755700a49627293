package io.rvcbeam.convert;

/**
 * NumPy {@code np.pad(x, (before, after), mode="reflect")}: mirror about the end samples without
 * repeating them, repeated as often as needed when the pad is longer than the signal (the result
 * is the periodic extension with period {@code 2(N-1)}), docs/algorithm.md §3.2.
 */
public final class ReflectPad {

  private ReflectPad() {}

  /** Index into a signal of length n for virtual index k (any integer). */
  public static long sourceIndex(long k, long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("cannot reflect-pad an empty signal");
    }
    if (n == 1) {
      return 0;
    }
    long period = 2 * (n - 1);
    long m = Math.abs(k) % period;
    return m >= n ? period - m : m;
  }

  public static double[] pad(double[] x, int before, int after) {
    if (before < 0 || after < 0) {
      throw new IllegalArgumentException("negative pad: " + before + ", " + after);
    }
    int n = x.length;
    if (n == 0) {
      throw new IllegalArgumentException("cannot reflect-pad an empty signal");
    }
    double[] out = new double[n + before + after];
    System.arraycopy(x, 0, out, before, n);
    for (int i = 0; i < before; i++) {
      out[i] = x[(int) sourceIndex(i - before, n)];
    }
    for (int i = 0; i < after; i++) {
      out[before + n + i] = x[(int) sourceIndex(n + i, n)];
    }
    return out;
  }

  /** Samples at virtual indices {@code [from, from + length)} of x, reflected where outside. */
  public static float[] slice(float[] x, long from, int length) {
    float[] out = new float[length];
    int n = x.length;
    for (int i = 0; i < length; i++) {
      long k = from + i;
      out[i] = (k >= 0 && k < n) ? x[(int) k] : x[(int) sourceIndex(k, n)];
    }
    return out;
  }
}
