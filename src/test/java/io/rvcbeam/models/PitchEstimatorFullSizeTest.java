package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.models.random.RmvpeStateDicts;
import org.junit.jupiter.api.Test;

/** The released RMVPE size (random weights with the released key names and shapes). */
class PitchEstimatorFullSizeTest {

  @Test
  void givenReleasedArchitecture_tenSecondsGive1001Frames() {
    try (PitchEstimator model = PitchEstimator.fromStateDict("released-size-random",
        RmvpeStateDicts.released(42), Device.cpu(), DataType.FLOAT32)) {
      String d = model.describe();
      assertTrue(d.contains("5 encoder levels x 4 residual blocks, first width 16, 4 intermediate "
          + "layers, BiGRU hidden 256, 360 classes"), d);
      float[] audio = PitchEstimatorTest.tone(160000, 220, 1);
      float[][][] salience = model.salience(new float[][] {audio});
      assertEquals(1, salience.length);
      assertEquals(1001, salience[0].length);
      assertEquals(360, salience[0][0].length);
      for (float[] row : salience[0]) {
        for (float v : row) {
          assertTrue(v > 0 && v < 1, "salience outside (0, 1): " + v);
        }
      }
      double[] f0 = PitchEstimator.decode(salience[0], PitchEstimator.DEFAULT_THRESHOLD);
      assertEquals(1001, f0.length);
    }
  }
}
