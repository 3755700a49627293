package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.ContentEncoder.Features;
import io.rvcbeam.models.random.RandomHubertWeights;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real HuBERT-base sizes (random weights, ~95 M parameters) run through the same code. */
class ContentEncoderFullSizeTest {

  @Test
  void givenFullSizeHubertBase_tenSecondsGive499FramesOf768() {
    Map<String, HostTensor> weights = RandomHubertWeights.fullSize(11);
    try (ContentEncoder full = ContentEncoder.fromStateDict("full-size", weights, Map.of(),
            Device.cpu(), DataType.FLOAT32);
        NDManager caller = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      assertEquals(12, full.config().numLayers());
      assertEquals(12, full.config().numHeads());
      assertEquals(3072, full.config().intermediateSize());
      assertEquals(128, full.config().posConvKernel());
      assertEquals(16, full.config().posConvGroups());
      assertEquals(400, full.config().receptiveField());
      assertEquals(320, full.config().hop());
      float[] samples = new float[160_000];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (float) (0.5 * Math.sin(i * 0.03) + 0.1 * Math.sin(i * 1.7));
      }
      NDArray audio = caller.create(samples, new Shape(1, samples.length));
      NDArray features = full.encode(caller, audio, Features.V2);
      assertEquals(new Shape(1, 499, 768), features.getShape());
      assertEquals((160_000 - 400) / 320 + 1, full.frames(160_000));
      float[] values = features.toFloatArray();
      float first = values[0];
      boolean varies = false;
      for (float v : values) {
        assertTrue(Float.isFinite(v));
        varies |= v != first;
      }
      assertTrue(varies);
    }
  }
}
