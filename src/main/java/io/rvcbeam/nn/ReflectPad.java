package io.rvcbeam.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Reflect padding along one axis (PyTorch {@code F.pad(mode="reflect")}, NumPy {@code
 * mode="reflect"}: the edge sample is not repeated). DJL's pad is constant-only, so this is
 * slice, flip and concatenate.
 */
public final class ReflectPad {

  private ReflectPad() {}

  /**
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
