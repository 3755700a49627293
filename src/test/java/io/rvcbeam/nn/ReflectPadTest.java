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

  @Test
  void givenPadShorterThanSignal_mirrorsWithoutRepeatingTheEdge() {
    double[] out = ReflectPad.pad(new double[] {1, 2, 3, 4}, 2, 3);
    assertArrayEquals(new double[] {3, 2, 1, 2, 3, 4, 3, 2, 1}, out);
  }

  @Test
  void givenPadLongerThanSignal_reflectsRepeatedlyAsNumpy() {
    // np.pad([1, 2, 3], (5, 5), mode="reflect")
    double[] out = ReflectPad.pad(new double[] {1, 2, 3}, 5, 5);
    assertArrayEquals(new double[] {2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2}, out);
  }

  @Test
  void givenSingleSample_repeatsIt() {
    assertArrayEquals(new double[] {7, 7, 7, 7}, ReflectPad.pad(new double[] {7}, 2, 1));
  }

  @Test
  void givenEmptySignal_refuses() {
    assertThrows(IllegalArgumentException.class, () -> ReflectPad.pad(new double[0], 1, 1));
  }

  @Test
  void slice_readsVirtualIndicesOnBothSides() {
    float[] out = ReflectPad.slice(new float[] {1, 2, 3, 4}, -2, 9);
    assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 3, 2, 1}, out);
  }

  @Test
  void hostAndTensorForms_agreeWherePyTorchAllowsThePad() {
    double[] x = {0.5, -1, 2, 7, -3, 4};
    try (NDManager m = NDManager.newBaseManager()) {
      for (int left = 0; left < x.length; left++) {
        for (int right = 0; right < x.length; right++) {
          double[] host = ReflectPad.pad(x, left, right);
          NDArray tensor = ReflectPad.pad(m.create(x), 0, left, right);
          assertArrayEquals(host, tensor.toDoubleArray(), "pad (" + left + ", " + right + ")");
        }
      }
    }
  }
}
