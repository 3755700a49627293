package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import org.junit.jupiter.api.Test;

class HighPassFilterTest {

  @Test
  void butterworthDesign_matchesScipyCoefficientsBitForBit() throws Exception {
    IirCoefficients c = Butterworth.highPass(5, 48, 16000);
    assertArrayEquals(TestFiles.npy(Golden.path("stages/highpass_butter_b.npy")), c.b(), 0.0);
    assertArrayEquals(TestFiles.npy(Golden.path("stages/highpass_butter_a.npy")), c.a(), 0.0);
  }

  @Test
  void steadyStateZi_isTheExactStepSteadyState() {
    // Σb = 0 exactly for these coefficients, so z[k] = b[k+1] + ... + b[5] (exact fractions).
    double[] expected = {
      -0.9699606451838445,
      3.879842580735379,
      -5.819763871103068,
      3.879842580735379,
      -0.9699606451838447
    };
    double[] zi = IirFilter.steadyStateZi(HighPassFilter.RVC.coefficients());
    assertArrayEquals(expected, zi, 1e-15);
  }

  @Test
  void givenTestSignal_exactZiVariantStaysWithinReferenceReproducibility() throws Exception {
    // scipy's own lfilter_zi differs between LAPACK builds; locally it moved the output by 4.4e-8.
    double[] x = TestFiles.wav16Mono(Golden.path("inputs/test_signal_16k_mono.wav"));
    double[] expected = TestFiles.npy(Golden.path("stages/highpass_out_float64.npy"));
    double[] y = new HighPassFilter(Butterworth.highPass(5, 48, 16000)).apply(x);
    assertArrayEquals(expected, y, 1e-7);
  }

  @Test
  void givenTestSignal_matchesScipyFiltfilt() throws Exception {
    double[] x = TestFiles.wav16Mono(Golden.path("inputs/test_signal_16k_mono.wav"));
    double[] expected = TestFiles.npy(Golden.path("stages/highpass_out_float64.npy"));
    double[] y = HighPassFilter.RVC.apply(x);
    assertEquals(expected.length, y.length);
    double maxDiff = 0;
    for (int i = 0; i < y.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(y[i] - expected[i]));
    }
    assertTrue(maxDiff <= 1e-12, "max abs diff " + maxDiff); // measured: 0.0
  }

  @Test
  void givenSignalShorterThanPadlen_filtersWithoutError() {
    for (int n : new int[] {1, 2, 5, 18}) {
      double[] constant = new double[n];
      java.util.Arrays.fill(constant, 0.3);
      double[] y = HighPassFilter.RVC.apply(constant);
      assertEquals(n, y.length);
      for (double v : y) {
        // A constant is the steady state of the odd extension; the high-pass removes it.
        assertEquals(0, v, 1e-6, "n=" + n);
      }
    }
    assertEquals(0, HighPassFilter.RVC.apply(new double[0]).length);
  }

  @Test
  void givenSignalShorterThanPadlen_equalsScipyWithShortenedPadlen() {
    double[] x = {0.1, -0.3, 0.25, 0.7, -0.2, 0.05, 0.4};
    // scipy 1.17.1: filtfilt(b, a, x, padlen=len(x) - 1) (its own lfilter_zi: ~1e-7 apart).
    double[] expected = {
      -0.1884848, -0.61762817, -0.0976516, 0.32142846, -0.61040461, -0.39316762, -0.07687758
    };
    assertArrayEquals(expected, HighPassFilter.RVC.apply(x), 1e-6);
  }

  @Test
  void givenLowAndHighTones_removesLowKeepsHigh() {
    int n = 16000;
    double[] low = new double[n];
    double[] high = new double[n];
    for (int i = 0; i < n; i++) {
      low[i] = Math.sin(2 * Math.PI * 10 * i / 16000.0);
      high[i] = Math.sin(2 * Math.PI * 1000 * i / 16000.0);
    }
    assertTrue(rms(HighPassFilter.RVC.apply(low), 4000, 12000) < 1e-3);
    assertEquals(rms(high, 4000, 12000), rms(HighPassFilter.RVC.apply(high), 4000, 12000), 1e-4);
  }

  private static double rms(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i] * v[i];
    }
    return Math.sqrt(s / (to - from));
  }
}
