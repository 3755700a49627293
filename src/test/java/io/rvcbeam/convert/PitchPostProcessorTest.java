package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.Npy;
import org.junit.jupiter.api.Test;

class PitchPostProcessorTest {

  private static double[] doubles(String golden) throws Exception {
    return Npy.read(Golden.path(golden)).toDoubleArray();
  }

  private static long[] longs(String golden) throws Exception {
    return Npy.read(Golden.path(golden)).toLongArray();
  }

  @Test
  void shiftByTwoSemitones_matchesTheGoldenPitchf() throws Exception {
    double[] f0 = doubles("stages/rmvpe_f0.npy");
    double[] expected = doubles("stages/pitch_shift_p2_pitchf.npy");
    double[] shifted = PitchPostProcessor.shift(f0, 2);
    for (int i = 0; i < f0.length; i++) {
      assertEquals(expected[i], shifted[i], Math.ulp(expected[i]), "frame " + i);
    }
  }

  @Test
  void coarseOfShiftedAndUnshiftedF0_equalsTheGoldenBinsExactly() throws Exception {
    double[] f0 = doubles("stages/rmvpe_f0.npy");
    assertArrayEquals(
        longs("stages/pitch_shift_p2_coarse.npy"),
        PitchPostProcessor.coarse(doubles("stages/pitch_shift_p2_pitchf.npy")));
    assertArrayEquals(
        longs("stages/pitch_shift_p2_coarse.npy"),
        PitchPostProcessor.coarse(PitchPostProcessor.shift(f0, 2)));
    assertArrayEquals(longs("stages/pitch_shift_0_coarse.npy"), PitchPostProcessor.coarse(f0));
  }

  @Test
  void coarseOfChainPitch_equalsTheGoldenChainBinsExactly() throws Exception {
    for (String chain : new String[] {"chain_short/tiny_v2_40k_f0", "chain_long/tiny_v2_24k_f0"}) {
      assertArrayEquals(
          longs(chain + "/f0_coarse.npy"),
          PitchPostProcessor.coarse(doubles(chain + "/f0_pitchf.npy")),
          chain);
    }
  }

  @Test
  void coarse_clipsAndMapsUnvoicedToOne() {
    assertArrayEquals(
        new long[] {1, 1, 1, 255, 255},
        PitchPostProcessor.coarse(new double[] {0, 10, 50, 1100.0001, 5000}));
    // the top of the range maps to exactly 255
    assertArrayEquals(new long[] {255}, PitchPostProcessor.coarse(new double[] {1100}));
  }

  @Test
  void process_withDefaultSettings_keepsF0AndBinsIt() throws Exception {
    double[] f0 = doubles("stages/rmvpe_f0.npy");
    PitchPostProcessor.Pitch pitch =
        PitchPostProcessor.process(f0, ConversionSettings.defaults().withPitch(2));
    assertArrayEquals(longs("stages/pitch_shift_p2_coarse.npy"), pitch.coarse());
    assertEquals((float) pitch.pitchf()[7], pitch.pitchfSlice(5, 9)[2]);
    assertArrayEquals(new long[] {pitch.coarse()[3]}, pitch.coarseSlice(3, 4));
  }

  @Test
  void autotune_snapsToTheNearestNote_andVoicesUnvoicedFrames() {
    double[] out = PitchPostProcessor.autotune(new double[] {0, 221, 440, 1200}, 1.0);
    assertArrayEquals(new double[] {49.0, 220.0, 440.0, 1046.5}, out);
    double[] half = PitchPostProcessor.autotune(new double[] {0, 224}, 0.5);
    assertArrayEquals(new double[] {24.5, 222.0}, half);
  }

  @Test
  void autotune_ignoresTheSemitoneShift() {
    ConversionSettings settings = ConversionSettings.defaults().withPitch(12).withAutotune(true, 1);
    assertArrayEquals(
        new double[] {220.0},
        PitchPostProcessor.process(new double[] {221}, settings).pitchf());
  }

  @Test
  void proposedKey_movesTheMedianTowardsTheThreshold() {
    // voiced frames at 110 Hz with a gap: median 110 → 12·log2(220/110) = +12
    double[] f0 = {0, 110, 0, 0, 110, 0};
    assertEquals(12, PitchPostProcessor.proposedKey(f0, 220));
    // interpolated [100, 150, 200, 200, 200], median 200 → 12·log2(155/200) = −4.4 → −4 (numpy)
    assertEquals(-4, PitchPostProcessor.proposedKey(new double[] {100, 0, 200, 0, 0}, 155));
    assertEquals(-12, PitchPostProcessor.proposedKey(new double[] {1000, 1000}, 50));
    assertEquals(0, PitchPostProcessor.proposedKey(new double[] {0, 300, 0}, 155));
  }

  @Test
  void process_withProposedPitch_addsTheKeyToTheShift() {
    ConversionSettings settings =
        ConversionSettings.defaults().withPitch(-1).withProposedPitch(true, 220);
    double[] out = PitchPostProcessor.process(new double[] {110, 110}, settings).pitchf();
    assertEquals(110 * Math.pow(2, 11 / 12.0), out[0], 1e-9);
  }
}
