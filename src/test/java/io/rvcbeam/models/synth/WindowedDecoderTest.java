package io.rvcbeam.models.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.random.RandomSynthWeights;
import io.rvcbeam.nn.Parameters;
import io.rvcbeam.nn.SlotLengths;
import org.junit.jupiter.api.Test;

class WindowedDecoderTest {

  @Test
  void windowedOutput_isTheWholeChunkOutputUpToFloat32RoundOff() throws Exception {
    SynthConfig c = RandomSynthWeights.tinyConfig(true);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      HifiGanGenerator decoder = generator(c, m);
      int frames = 230;
      NDArray z = m.randomNormal(new Shape(1, c.interChannels(), frames));
      NDArray g = m.randomNormal(new Shape(1, c.ginChannels(), 1));
      NDArray harmonic = m.randomNormal(new Shape(1, 1, (long) frames * c.hop())).mul(0.1f);
      float[] whole = decoder.forward(z, g, harmonic).toFloatArray();
      // tail windows as long as the window, then shorter ones: 40 = 12 + 12 + 12 + 4
      for (int tail : new int[] {40, 12}) {
        WindowedDecoder windowed = new WindowedDecoder(decoder, c, 40, tail);
        assertTrue(windowed.marginFrames() < 40, "margin " + windowed.marginFrames());
        float[] parts = windowed.forward(z, g, harmonic).toFloatArray();
        assertEquals(whole.length, parts.length);
        double maxDiff = 0;
        double peak = 0;
        for (int i = 0; i < whole.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(whole[i] - parts[i]));
          peak = Math.max(peak, Math.abs(whole[i]));
        }
        assertTrue(peak > 0.01, "peak " + peak);
        assertTrue(maxDiff < 1e-5, "tail windows of " + tail + ": max difference " + maxDiff);
      }

      // a margin short of the receptive field shows at the seams: the test can see a wrong one
      float[] narrow = forwardWithMargin(decoder, c, z, g, harmonic, 40, 1);
      double narrowDiff = 0;
      for (int i = 0; i < whole.length; i++) {
        narrowDiff = Math.max(narrowDiff, Math.abs(whole[i] - narrow[i]));
      }
      assertTrue(narrowDiff > 1e-3, "1-frame margin differs by only " + narrowDiff);
    }
  }

  @Test
  void paddedSlots_windowedEqualTheWholeCallUpToRoundOff_andEachSlotIsIndependent() {
    SynthConfig c = RandomSynthWeights.tinyConfig(true);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      HifiGanGenerator decoder = generator(c, m);
      int frames = 230;
      int hop = c.hop();
      int[] lengths = {230, 97, 0, 161}; // full, short, empty, ending mid-window
      SlotLengths slots = SlotLengths.of(lengths);
      NDArray z = slots.zeroPadding(m.randomNormal(new Shape(4, c.interChannels(), frames)));
      NDArray g = m.randomNormal(new Shape(4, c.ginChannels(), 1));
      NDArray harmonic = slots.times(hop).zeroPadding(
          m.randomNormal(new Shape(4, 1, (long) frames * hop)).mul(0.1f));
      float[] whole = decoder.forward(z, g, harmonic, slots).toFloatArray();
      WindowedDecoder windowed = new WindowedDecoder(decoder, c, 160, 160); // 40 frames a slot
      assertEquals(40, windowed.paddedWindowFrames(4));
      float[] parts = windowed.forwardPadded(z, g, harmonic, slots).toFloatArray();
      assertEquals(whole.length, parts.length);
      double peak = 0;
      for (int s = 0; s < 4; s++) {
        double maxDiff = 0;
        for (int i = 0; i < lengths[s] * hop; i++) {
          int at = s * frames * hop + i;
          maxDiff = Math.max(maxDiff, Math.abs(whole[at] - parts[at]));
          peak = Math.max(peak, Math.abs(whole[at]));
        }
        assertTrue(maxDiff < 1e-5, "slot " + s + " differs by " + maxDiff);
      }
      assertTrue(peak > 0.01, "peak " + peak);

      // a slot's samples do not depend on its neighbours: slot 1 alone, the others empty
      NDArray alone = z.zerosLike();
      alone.set(new ai.djl.ndarray.index.NDIndex("1"), z.get("1"));
      NDArray harmonicAlone = harmonic.zerosLike();
      harmonicAlone.set(new ai.djl.ndarray.index.NDIndex("1"), harmonic.get("1"));
      float[] single = windowed.forwardPadded(alone, g, harmonicAlone,
          SlotLengths.of(0, 97, 0, 0)).toFloatArray();
      for (int i = 0; i < 97 * hop; i++) {
        int at = frames * hop + i;
        assertEquals(parts[at], single[at], "sample " + i + " of slot 1");
      }
    }
  }

  @Test
  void shortChunks_runWhole() {
    SynthConfig c = RandomSynthWeights.tinyConfig(true);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      HifiGanGenerator decoder = generator(c, m);
      NDArray z = m.randomNormal(new Shape(1, c.interChannels(), 30));
      NDArray g = m.randomNormal(new Shape(1, c.ginChannels(), 1));
      NDArray harmonic = m.zeros(new Shape(1, 1, 30L * c.hop()));
      assertEquals(decoder.forward(z, g, harmonic), new WindowedDecoder(decoder, c, 1000, 250)
          .forward(z, g, harmonic));
    }
  }

  private static HifiGanGenerator generator(SynthConfig c, NDManager m) {
    Parameters p = new Parameters("random", RandomSynthWeights.build(c, 5), m, DataType.FLOAT32);
    return new HifiGanGenerator(new SynthWeights(p), c.pitch(), c.interChannels(), c.resblock(),
        c.resblockKernels(), c.resblockDilations(), c.upsampleRates(),
        c.upsampleInitialChannels(), c.upsampleKernels(), c.ginChannels());
  }

  /** The windowing with an explicit margin, to show what too small a margin does. */
  private static float[] forwardWithMargin(HifiGanGenerator decoder, SynthConfig c, NDArray z,
      NDArray g, NDArray harmonic, int window, int margin) {
    long t = z.getShape().get(2);
    int hop = c.hop();
    float[] out = new float[(int) t * hop];
    for (long a = 0; a < t; a += window) {
      long b = Math.min(t, a + window);
      long lo = Math.max(0, a - margin);
      long hi = Math.min(t, b + margin);
      float[] w = decoder.forward(z.get(":, :, " + lo + ":" + hi), g,
          harmonic.get(":, :, " + lo * hop + ":" + hi * hop)).toFloatArray();
      System.arraycopy(w, (int) (a - lo) * hop, out, (int) a * hop, (int) (b - a) * hop);
    }
    return out;
  }
}
