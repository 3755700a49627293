package io.rvcbeam.models.rmvpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Npy;
import org.junit.jupiter.api.Test;

class SalienceDecoderTest {

  static float[][] rows(HostTensor t) {
    int frames = (int) t.dim(0);
    int classes = (int) t.dim(1);
    float[] flat = t.toFloatArray();
    float[][] out = new float[frames][classes];
    for (int i = 0; i < frames; i++) {
      System.arraycopy(flat, i * classes, out[i], 0, classes);
    }
    return out;
  }

  @Test
  void givenGoldenNetworkOutput_reproducesGoldenF0() throws Exception {
    float[][] salience = rows(Npy.read(Golden.path("stages/rmvpe_net_output.npy")));
    double[] expected = Npy.read(Golden.path("stages/rmvpe_f0.npy")).toDoubleArray();
    double[] f0 = SalienceDecoder.decode(salience, 0.03f);
    assertEquals(expected.length, f0.length);
    int voiced = 0;
    for (int t = 0; t < f0.length; t++) {
      assertEquals(expected[t] == 0, f0[t] == 0, "voicing of frame " + t);
      if (expected[t] != 0) {
        voiced++;
        assertEquals(expected[t], f0[t], expected[t] * 1e-12, "f0 of frame " + t);
      }
    }
    assertTrue(voiced > 150, "golden has ~60 % voiced frames, got " + voiced);
  }

  @Test
  void givenPeakAtLowestClass_averagesOnlyExistingNeighbours() {
    float[] s = new float[360];
    s[0] = 0.9f;
    s[1] = 0.3f;
    double expectedCents = (0.9 * SalienceDecoder.cents(0) + 0.3 * SalienceDecoder.cents(1))
        / (double) (0.9f + 0.3f);
    double f0 = SalienceDecoder.decodeFrame(s, 0.03f);
    assertEquals(10 * Math.pow(2, expectedCents / 1200), f0, 1e-6);
    assertEquals(31.70, f0, 0.5);
  }

  @Test
  void givenPeakAtHighestClass_staysInRange() {
    float[] s = new float[360];
    s[359] = 0.5f;
    s[355] = 0.5f; // same value, but the first maximum wins (arg-max 355)
    double f0 = SalienceDecoder.decodeFrame(s, 0.03f);
    double expectedCents = (SalienceDecoder.cents(355) + SalienceDecoder.cents(359)) / 2;
    assertEquals(10 * Math.pow(2, expectedCents / 1200), f0, 1e-6);
  }

  @Test
  void givenMaximumEqualToThreshold_isUnvoiced() {
    float[] s = new float[360];
    s[100] = 0.03f;
    assertEquals(0.0, SalienceDecoder.decodeFrame(s, 0.03f));
    s[100] = Math.nextUp(0.03f);
    assertTrue(SalienceDecoder.decodeFrame(s, 0.03f) > 0);
  }

  @Test
  void numpySum_usesPairwiseOrder() {
    float[] v = {1e8f, 1f, -1e8f, 1f, 0, 0, 0, 0, 1f};
    // ((1e8 + 1) + (-1e8 + 1)) = 0 in float32, plus 1
    assertEquals(1f, SalienceDecoder.numpySum(v));
    assertArrayEquals(new double[] {0}, new double[] {SalienceDecoder.numpySum(new double[9])});
  }
}
