package io.rvcbeam.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Reflect padding (PyTorch {@code F.pad(mode="reflect")}, NumPy {@code np.pad(mode="reflect")}):
 * mirror about the end samples without repeating them. One rule for host arrays (the song-level
 * chunking and pitch windows) and for tensors along one axis (inside the networks). On the host
 * a pad longer than the signal reflects again, as NumPy does (the periodic extension with period
 * {@code 2(N-1)}); on tensors DJL's pad is constant-only, so the tensor form is slice, flip and
 * concatenate, and each side must be shorter than the axis as in PyTorch.
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

  /** NumPy {@code np.pad(x, (before, after), mode="reflect")} on a host array. */
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

  /**
   * Reflect padding of a tensor along one axis.
   *
   * @param axis axis to pad (negative counts from the end)
   * @param left samples added before, each {@code < length}
   * @param right samples added after, each {@code < length}
   * @return a new array on {@code x}'s manager
   */
  public static NDArray pad(NDArray x, int axis, int left, int right) {
    int rank = x.getShape().dimension();
    int ax = axis < 0 ? rank + axis : axis;
    long len = x.getShape().get(ax);
    if (left < 0 || right < 0 || left >= len || right >= len) {
      throw new IllegalArgumentException("reflect padding (" + left + ", " + right
          + ") needs each side smaller than the axis length " + len);
    }
    if (left == 0 && right == 0) {
      return x.duplicate();
    }
    NDList parts = new NDList(3);
    if (left > 0) {
      parts.add(x.get(slice(rank, ax, 1, left + 1)).flip(ax));
    }
    parts.add(x);
    if (right > 0) {
      parts.add(x.get(slice(rank, ax, len - 1 - right, len - 1)).flip(ax));
    }
    return NDArrays.concat(parts, ax);
  }

  private static NDIndex slice(int rank, int axis, long from, long to) {
    StringBuilder spec = new StringBuilder();
    for (int i = 0; i < rank; i++) {
      if (i > 0) {
        spec.append(',');
      }
      spec.append(i == axis ? from + ":" + to : ":");
    }
    return new NDIndex(spec.toString());
  }
}
