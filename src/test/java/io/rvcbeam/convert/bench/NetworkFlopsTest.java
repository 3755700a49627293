package io.rvcbeam.convert.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.models.random.RandomSynthWeights;
import org.junit.jupiter.api.Test;

class NetworkFlopsTest {

  @Test
  void hubertBase_onOneSecond_countsEachLayerByHand() {
    HubertConfig base = new HubertConfig(new int[] {512, 512, 512, 512, 512, 512, 512},
        new int[] {10, 3, 3, 3, 3, 2, 2}, new int[] {5, 2, 2, 2, 2, 2, 2}, false, false, 768, 12,
        12, 3072, 128, 16, 1e-5f, 256);
    // conv lengths of 16000 samples: 3199, 1599, 799, 399, 199, 99, 49 frames
    double convs = 3199.0 * 512 * 10 + (1599.0 + 799 + 399 + 199) * 512 * 512 * 3
        + (99.0 + 49) * 512 * 512 * 2;
    double t = 49;
    double perLayer = 4 * t * 768 * 768 + 2 * t * t * 768 + 2 * t * 768 * 3072;
    double macs = convs + t * 512 * 768 + t * 768 * 48 * 128 + 12 * perLayer;
    assertEquals(2 * macs, NetworkFlops.contentEncoder(base, 16000, false), 1);
    assertEquals(2 * (macs + t * 768 * 256), NetworkFlops.contentEncoder(base, 16000, true), 1);
  }

  @Test
  void v2At40k_isDominatedByTheDecoderResblocks_andGrowsQuadraticallyOnlyThroughAttention() {
    SynthConfig c = RandomSynthWeights.realConfig("v2", true, 40000);
    double perFrame = NetworkFlops.synthesizer(c, 100) / 100;
    // decoder residual blocks: 6 convs of kernels 3, 7, 11 at 256/128/64/32 channels, after
    // upsampling by 10, 100, 200, 400
    double resblocks = 2.0 * 6 * 21 * (10.0 * 256 * 256 + 100.0 * 128 * 128 + 200.0 * 64 * 64
        + 400.0 * 32 * 32);
    assertEquals(1.0, resblocks / perFrame, 0.1); // about 0.93: resblocks are most of it
    // doubling the frames doubles everything but the text encoder's T² attention products
    double quadratic = 2.0 * c.layers() * 2 * c.hiddenChannels();
    double t = 1000;
    assertEquals(2 * quadratic * t * t, NetworkFlops.synthesizer(c, 2 * (long) t)
        - 2 * NetworkFlops.synthesizer(c, (long) t), 1e3);
  }

  @Test
  void unknownResblockKind_refuses() {
    SynthConfig c = RandomSynthWeights.realConfig("v2", true, 40000);
    SynthConfig odd = new SynthConfig("v2", true, 192, 192, 768, 2, 6, 3, "3", c.resblockKernels(),
        c.resblockDilations(), c.upsampleRates(), 512, c.upsampleKernels(), 1, 256, 40000);
    assertThrows(IllegalArgumentException.class, () -> NetworkFlops.synthesizer(odd, 10));
  }
}
