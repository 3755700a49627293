package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import org.junit.jupiter.api.Test;

class VolumeEnvelopeMixTest {

  @Test
  void givenShortChainTarget_mixAndPeakLimitMatchReferenceOutput() throws Exception {
    double[] source = TestFiles.npy(Golden.path("stages/highpass_out_float64.npy")); // 16 kHz
    float[] target =
        toFloat(TestFiles.npy(Golden.path("chain_short/tiny_v2_40k_f0/before_change_rms.npy")));
    double[] expected = TestFiles.npy(Golden.path("chain_short/tiny_v2_40k_f0/quant16_output.npy"));

    float[] mixed = VolumeEnvelopeMix.apply(source, 16000, target, 40000, 0.25);
    float[] out = PeakLimiter.limit(mixed, PeakLimiter.OUTPUT_CEILING);

    assertEquals(expected.length, out.length);
    double maxDiff = 0;
    for (int i = 0; i < out.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(out[i] - expected[i]));
    }
    assertTrue(maxDiff <= 2e-6, "max abs diff " + maxDiff); // measured: 3.0e-7
  }

  @Test
  void givenRateOne_returnsTargetUnchanged() {
    float[] target = {0.1f, -0.2f, 0.3f};
    assertSame(target, VolumeEnvelopeMix.apply(new double[16000], 16000, target, 40000, 1.0));
  }

  @Test
  void givenRateZero_imposesSourceLoudness() {
    int n = 48000;
    double[] source = new double[n];
    float[] target = new float[n];
    for (int i = 0; i < n; i++) {
      source[i] = 0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0);
      target[i] = (float) (0.05 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
    }
    float[] out = VolumeEnvelopeMix.apply(source, 16000, target, 16000, 0.0);
    // Away from the zero-padded ends the target takes the source's RMS (0.5 / √2).
    double s = 0;
    for (int i = 16000; i < 32000; i++) {
      s += out[i] * out[i];
    }
    assertEquals(0.5 / Math.sqrt(2), Math.sqrt(s / 16000), 1e-3);
  }

  @Test
  void rmsFrames_followLibrosaCenteredZeroPadding() {
    float[] ones = new float[20];
    java.util.Arrays.fill(ones, 1f);
    // sr 8 -> hop 4, frame 8, pad 4: 1 + 20 / 4 = 6 frames; edge frames see 4 of 8 ones.
    float[] rms = RmsEnvelope.of(ones, 8);
    assertArrayEquals(
        new float[] {(float) Math.sqrt(0.5), 1, 1, 1, 1, (float) Math.sqrt(0.5)}, rms, 1e-7f);
  }

  @Test
  void interpolate_matchesTorchLinearAlignCornersFalse() {
    // docs/algorithm.md §9.2: src = (i + 0.5)·3/7 − 0.5 clamped at 0, then linear between neighbours.
    float[] expected = {0f, 0.14285714f, 0.5714286f, 1f, 2.2857144f, 3.5714285f, 4f};
    assertArrayEquals(expected, RmsEnvelope.interpolate(new float[] {0, 1, 4}, 7), 1e-6f);
  }

  @Test
  void peakLimiter_attenuatesOnlyAboveCeiling() {
    float[] quiet = {0.5f, -0.9f};
    assertSame(quiet, PeakLimiter.limit(quiet, 0.99));
    float[] loud = PeakLimiter.limit(new float[] {0.5f, -2f}, 0.99);
    assertEquals(-0.99f, loud[1], 1e-7f);
    assertEquals(0.2475f, loud[0], 1e-7f);
  }

  @Test
  void inPlace_overwritesTheTargetWithExactlyTheMixedSamples() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    double[] source = new double[16000 * 7];
    for (int i = 0; i < source.length; i++) {
      source[i] = Math.sin(i * 0.01) * (1 + i / 30000.0) + 0.1 * r.nextDouble();
    }
    float[] target = new float[40000 * 7 - 123]; // longer than one parallel block
    for (int i = 0; i < target.length; i++) {
      target[i] = (float) (0.3 * Math.sin(i * 0.002) * (i % 50000 < 25000 ? 1 : 0.1));
    }
    float[] rms = RmsEnvelope.of(source, 16000);
    float[] expected = VolumeEnvelopeMix.applyEnvelope(rms, target.clone(), 40000, 0.25);
    float[] same = VolumeEnvelopeMix.applyEnvelopeInPlace(rms, target, 40000, 0.25);
    assertSame(target, same);
    assertArrayEquals(expected, target);
    assertArrayEquals(expected, VolumeEnvelopeMix.apply(source, 16000,
        VolumeEnvelopeMix.applyEnvelope(rms, target, 40000, 1), 40000, 1));
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
