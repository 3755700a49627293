package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.models.random.RandomSynthWeights;
import org.junit.jupiter.api.Test;

/**
 * A real-size v2 40k pitch model (random weights, standard config list) on a 10-second input:
 * checks sizes, shapes and memory handling at production scale. The one slow test of this area
 * (about 15 s on 2 cores).
 */
class SynthesizerFullSizeTest {

  @Test
  void givenRealSizeV2Model_synthesizesTenSecondsToFourHundredThousandSamples() throws Exception {
    SynthConfig config = RandomSynthWeights.realConfig("v2", true, 40000);
    try (NDManager root = NDManager.newBaseManager(Device.cpu());
        Synthesizer m = Synthesizer.fromWeights("random-v2-40k", config,
            RandomSynthWeights.build(config, 42), Device.cpu(), DataType.FLOAT32)) {
      SynthInput in = SynthInput.of(SynthesizerBatchTest.item(1000, 768, 5, 108));
      long start = System.nanoTime();
      float[] out = m.infer(root, in, NoiseSource.seeded(1, "ten-seconds", 0))[0];
      System.out.printf("full-size v2 40k, 1000 frames: %.1f s%n", (System.nanoTime() - start) / 1e9);
      assertEquals(1000 * 400, out.length);
      double energy = 0;
      for (float v : out) {
        assertTrue(Float.isFinite(v) && Math.abs(v) < 1f);
        energy += v * v;
      }
      assertTrue(energy > 0, "silent output");
    }
  }
}
