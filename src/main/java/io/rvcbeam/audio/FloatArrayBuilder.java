package io.rvcbeam.audio;

import java.util.Arrays;

/** A growable float array. */
final class FloatArrayBuilder {

  private float[] data = new float[1 << 16];
  private int size;

  void add(float v) {
    if (size == data.length) {
      grow(size + 1);
    }
    data[size++] = v;
  }

  void ensureSpace(int extra) {
    if (size + extra > data.length) {
      grow(size + extra);
    }
  }

  /** Unchecked append; call {@link #ensureSpace} first. */
  void put(float v) {
    data[size++] = v;
  }

  int size() {
    return size;
  }

  float[] toArray() {
    return Arrays.copyOf(data, size);
  }

  private void grow(int min) {
    long newCapacity = Math.max((long) data.length * 2, min);
    if (newCapacity > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("audio too long: more than 2^31 samples per channel");
    }
    data = Arrays.copyOf(data, (int) newCapacity);
  }
}
