package io.rvcbeam.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;

/**
 * How much of each slot of a fixed-shape batch is real: slot {@code b} holds {@code valid[b]}
 * real steps along the last axis, and padding after them.
 *
 * <p>A network that runs on padded slots zeroes the padding of every convolution's input, so a
 * real step sees exactly the zeros it would see at the end of an unpadded input: a slot then
 * computes what it computes alone, up to float rounding, and nothing of the padding (or of the
 * other slots) reaches its real steps.
 */
public final class SlotLengths {

  private final int[] valid;

  private SlotLengths(int[] valid) {
    this.valid = valid;
  }

  /** @param valid real steps per slot (0 for an empty slot) */
  public static SlotLengths of(int... valid) {
    for (int v : valid) {
      if (v < 0) {
        throw new IllegalArgumentException("negative slot length: " + Arrays.toString(valid));
      }
    }
    return new SlotLengths(valid.clone());
  }

  public int slots() {
    return valid.length;
  }

  public int valid(int slot) {
    return valid[slot];
  }

  /** The same slots after an upsampling by {@code factor}. */
  public SlotLengths times(int factor) {
    int[] out = new int[valid.length];
    for (int b = 0; b < out.length; b++) {
      out[b] = Math.multiplyExact(valid[b], factor);
    }
    return new SlotLengths(out);
  }

  /**
   * Zeroes, in place, every step of {@code x} [B, ..., L] at or after its slot's length.
   *
   * @return {@code x}
   */
  public NDArray zeroPadding(NDArray x) {
    long[] shape = x.getShape().getShape();
    if (shape[0] != valid.length) {
      throw new IllegalArgumentException(
          "array of " + shape[0] + " slots for " + valid.length + " slot lengths");
    }
    long length = shape[shape.length - 1];
    String middle = ", :".repeat(shape.length - 2);
    for (int b = 0; b < valid.length; b++) {
      if (valid[b] < length) {
        x.set(new NDIndex(b + middle + ", " + valid[b] + ":"), 0f);
      }
    }
    return x;
  }

  @Override
  public String toString() {
    return Arrays.toString(valid);
  }
}
