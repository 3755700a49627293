package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReflectPadTest {

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
}
