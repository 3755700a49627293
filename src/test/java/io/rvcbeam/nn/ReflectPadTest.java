package io.rvcbeam.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ReflectPadTest {

  @Test
  void givenLastAxis_reflectsWithoutRepeatingTheEdge() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 10, 20, 30, 40, 50}, new Shape(2, 5));
      NDArray y = ReflectPad.pad(x, -1, 2, 3);
      assertArrayEquals(new long[] {2, 10}, y.getShape().getShape());
      assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 5, 4, 3, 2,
          30, 20, 10, 20, 30, 40, 50, 40, 30, 20}, y.toFloatArray());
    }
  }

  @Test
  void givenMiddleAxis_padsOnlyThatAxis() {
    try (NDManager m = NDManager.newBaseManager()) {
      // rows (1, 2) (3, 4) (5, 6)
      NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 3, 2));
      NDArray y = ReflectPad.pad(x, 1, 0, 2);
      assertArrayEquals(new long[] {1, 5, 2}, y.getShape().getShape());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 3, 4, 1, 2}, y.toFloatArray());
    }
  }

  @Test
  void givenPadAsLongAsTheAxis_throws() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1, 2, 3});
      assertThrows(IllegalArgumentException.class, () -> ReflectPad.pad(x, 0, 0, 3));
    }
  }
}
