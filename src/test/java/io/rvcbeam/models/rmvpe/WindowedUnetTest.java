package io.rvcbeam.models.rmvpe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.RmvpeCheckpoint;
import io.rvcbeam.models.random.RmvpeStateDicts;
import io.rvcbeam.nn.Parameters;
import java.util.Random;
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
      Random random = new Random(5);
      float[] noise = new float[(int) (128 * frames)];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = (float) random.nextGaussian();
      }
      NDArray mel = m.create(noise, new Shape(1, 128, frames)); // [1, 128, T]
      float[] whole = net.forward(mel, frames, 0).toFloatArray();
      float[] windowed = net.forward(mel, 1024, E2eNetwork.UNET_MARGIN_FRAMES).toFloatArray();
      double mean = 0;
      double square = 0;
      double error = 0;
      double worst = 0;
      for (int i = 0; i < whole.length; i++) {
        mean += whole[i] / whole.length;
        square += (double) whole[i] * whole[i] / whole.length;
        double d = windowed[i] - whole[i];
        error += d * d / whole.length;
        worst = Math.max(worst, Math.abs(d));
      }
      double spread = Math.sqrt(square - mean * mean);
      assertTrue(spread > 1e-3, "salience saturated: the comparison would say nothing");
      // This random network magnifies float rounding wherever the U-Net's input length changes:
      // with a 512-frame margin, seeds 0-3 gave at most 1.6e-4 to 2.8e-4 on one AMD machine and
      // 3.2e-4 on another CPU, at 99 dB. A margin of 256 frames, too short for the U-Net's
      // reach, gives 0.08 to 0.1 at 48 dB, which both bounds below reject.
      double snrDb = 10 * Math.log10(square / error);
      assertTrue(snrDb > 80, "windowed salience " + snrDb + " dB from the whole run's");
      assertTrue(worst < 2e-3, "windowed salience differs by " + worst);
    }
  }
}
