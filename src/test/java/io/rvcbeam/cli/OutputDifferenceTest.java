package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OutputDifferenceTest {

  @Test
  void identicalOutputs_haveInfiniteSnrAndNoDifference() {
    float[] a = {0.5f, -0.25f, 0.125f};
    OutputDifference d = OutputDifference.of(a.clone(), a);
    assertEquals(Double.POSITIVE_INFINITY, d.snrDb());
    assertEquals(0, d.maxAbs());
  }

  @Test
  void snrIsReferencePowerOverDifferencePower() {
    float[] expected = {1f, -1f, 1f, -1f};
    float[] actual = {1.1f, -1f, 1f, -0.9f};
    OutputDifference d = OutputDifference.of(actual, expected);
    // signal 4, noise 2 * 0.01 -> 10 log10(200)
    assertEquals(10 * Math.log10(200), d.snrDb(), 1e-4);
    assertEquals(0.1, d.maxAbs(), 1e-6);
  }

  @Test
  void differentLengths_areAnError() {
    assertThrows(IllegalArgumentException.class,
        () -> OutputDifference.of(new float[2], new float[3]));
  }
}
