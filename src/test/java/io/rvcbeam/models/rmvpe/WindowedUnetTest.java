package io.rvcbeam.models.rmvpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.RmvpeCheckpoint;
import io.rvcbeam.models.random.RmvpeStateDicts;
import io.rvcbeam.nn.Parameters;
import org.junit.jupiter.api.Test;

/**
 * The released-size network with its U-Net run in windows gives the salience of the whole run:
 * several windows, a short last one, the context cut at both ends of the input.
 */
class WindowedUnetTest {

  @Test
  void givenAnInputOfSeveralWindows_givesTheWholeInputsSalience() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters p = new Parameters("released", RmvpeStateDicts.released(5), m, DataType.FLOAT32);
      E2eNetwork net =
          E2eNetwork.read(p, RmvpeCheckpoint.read("released", RmvpeStateDicts.released(5)), 128);
      long frames = 3040; // windows of 1024 kept frames: 3, the last one 992
      NDArray mel = m.randomNormal(0, 1, new Shape(1, 128, frames), DataType.FLOAT32);
      float[] whole = net.forward(mel, frames, 0).toFloatArray();
      float[] windowed = net.forward(mel, 1024, E2eNetwork.UNET_MARGIN_FRAMES).toFloatArray();
      double mean = 0;
      double square = 0;
      for (float v : whole) {
        mean += v / whole.length;
        square += (double) v * v / whole.length;
      }
      double spread = Math.sqrt(square - mean * mean);
      assertTrue(spread > 1e-3, "salience saturated: the comparison would say nothing");
      // This random network magnifies float rounding to about 7e-5 wherever the U-Net's input
      // length changes (margins of 512 to 1664 frames all give 6e-5 to 8e-5); a margin of 256
      // frames, too short for its reach, gives 0.1.
      assertArrayEquals(whole, windowed, 3e-4f);
    }
  }
}
