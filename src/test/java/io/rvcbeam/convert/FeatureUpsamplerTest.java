package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FeatureUpsamplerTest {

  @Test
  void frameCounts_matchTheSpecTable() {
    int[][] table = { // L, T_h, p_len (docs/algorithm.md §3.4)
      {400, 1, 2}, {16000, 49, 98}, {32000, 99, 198}, {32160, 100, 200}, {48000, 149, 298},
      {100000, 312, 624}, {617280, 1928, 3856}, {642880, 2008, 4016}, {56160, 175, 350}
    };
    for (int[] row : table) {
      assertEquals(row[1], FeatureUpsampler.contentFrames(row[0]), "T_h of " + row[0]);
      assertEquals(row[2], FeatureUpsampler.synthFrames(row[0]), "p_len of " + row[0]);
    }
    assertEquals(0, FeatureUpsampler.contentFrames(399));
  }

  @Test
  void upsample2x_duplicatesEveryFrame() {
    float[] in = {1, 2, 3, 4, 5, 6}; // [3, 2]
    assertArrayEquals(
        new float[] {1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6}, FeatureUpsampler.upsample2x(in, 2));
    assertThrows(IllegalArgumentException.class, () -> FeatureUpsampler.upsample2x(in, 4));
  }

  @Test
  void protectMask_isOneWhereVoicedAndProtectWhereBelowOneHertz() {
    assertArrayEquals(
        new float[] {0.33f, 0.33f, 0.33f, 1f}, // 0 < f0 < 1 Hz gets protect too
        FeatureUpsampler.protectMask(new float[] {0f, 0.5f, -1f, 220f}, 4, 0.33f));
  }

  @Test
  void protect_blendsOriginalFeaturesIntoUnvoicedFrames() {
    float[] feats = {1, 2, 3, 4}; // [2, 2]
    float[] feats0 = {10, 20, 30, 40};
    float[] pitchf = {0, 200};
    float[] out = FeatureUpsampler.protect(feats, feats0, pitchf, 2, 0.25f);
    float keep = 0.25f;
    float restore = 1f - keep;
    assertArrayEquals(
        new float[] {1 * keep + 10 * restore, 2 * keep + 20 * restore, 3, 4}, out);
  }

  @Test
  void protect_atOrAboveHalf_returnsTheFeaturesUntouched() {
    float[] feats = {1, 2};
    assertSame(feats, FeatureUpsampler.protect(feats, new float[] {5, 6}, new float[] {0}, 2, 0.5f));
  }

  @Test
  void protect_refusesMismatchedShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FeatureUpsampler.protect(new float[4], new float[4], new float[3], 2, 0.3f));
    assertThrows(
        IllegalArgumentException.class,
        () -> FeatureUpsampler.protect(new float[4], new float[2], new float[2], 2, 0.3f));
  }
}
