package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.models.ContentEncoder.Features;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows of different lengths padded into one call: each row's features are its features alone
 * (the group norm over its real frames, no padded key attended, zeros before the positional
 * convolution), and do not depend on its slot or on the other rows.
 */
class ContentEncoderPaddedTest {

  private static ContentEncoder encoder;

  @BeforeAll
  static void load() throws Exception {
    encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"), Device.cpu(),
        DataType.FLOAT32);
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static float[] noise(long seed, int length) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.3 * Math.sin(i * 0.05 + seed) + 0.1 * (r.nextDouble() - 0.5));
    }
    return x;
  }

  @Test
  void givenRowsOfDifferentLengths_eachRowEncodesAsAloneAndAsInAnySlot() {
    float[] row = noise(1, 21_000);
    float[] a = noise(2, 32_000);
    float[] b = noise(3, 9_000);
    int length = 32_080;
    for (Features f : new Features[] {Features.V2, Features.V1}) {
      float[][] alone = encoder.encode(new float[][] {row}, f)[0];
      float[][] first = encoder.encodePadded(new float[][] {row, a, b}, 4, length, f)[0];
      float[][] last = encoder.encodePadded(new float[][] {b, a, noise(4, 400), row}, 4,
          length, f)[3];

      assertEquals(alone.length, first.length);
      for (int t = 0; t < first.length; t++) {
        assertArrayEquals(first[t], last[t], "frame " + t);
      }
      float maxAbs = 0;
      float maxDiff = 0;
      for (int t = 0; t < alone.length; t++) {
        for (int c = 0; c < alone[t].length; c++) {
          maxAbs = Math.max(maxAbs, Math.abs(alone[t][c]));
          maxDiff = Math.max(maxDiff, Math.abs(alone[t][c] - first[t][c]));
        }
      }
      // Without the masks the rows differ by far more (the group norm alone moves every frame).
      assertTrue(maxDiff <= 1e-5f * Math.max(1, maxAbs),
          f + ": padded vs alone max abs diff " + maxDiff + " (max " + maxAbs + ")");
    }
  }
}
