package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.random.RandomSynthWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Released-size MRF HiFi-GAN and RefineGAN decoders (v2, 40 kHz): the key names and shapes the
 * reference's own Synthesizer has for them ({@code layouts/*.tsv}, written by instantiating it
 * with Applio's 40 kHz config), filled with random values, load strictly (no key missing, none
 * left over) and synthesize. The goldens cover the numerics on narrower models.
 */
class VocoderLayoutTest {

  @ParameterizedTest
  @CsvSource({"mrf_hifigan_v2_40k.tsv, MRF_HIFI_GAN", "refinegan_v2_40k.tsv, REFINEGAN"})
  void givenReleasedSizeLayout_loadsStrictlyAndSynthesizes(String layout, Vocoder vocoder)
      throws Exception {
    SynthConfig hifi = RandomSynthWeights.realConfig("v2", true, 40000);
    SynthConfig config = new SynthConfig(hifi.version(), true, hifi.interChannels(),
        hifi.hiddenChannels(), hifi.filterChannels(), hifi.heads(), hifi.layers(), hifi.kernel(),
        hifi.resblock(), hifi.resblockKernels(), hifi.resblockDilations(), hifi.upsampleRates(),
        hifi.upsampleInitialChannels(), hifi.upsampleKernels(), hifi.speakers(),
        hifi.ginChannels(), hifi.sampleRate(), vocoder);
    Map<String, HostTensor> weights = new LinkedHashMap<>();
    RandomSynthWeights.build(hifi, 7).forEach((k, v) -> {
      if (!k.startsWith("dec.")) {
        weights.put(k, v);
      }
    });
    weights.putAll(randomDecoder(layout));
    int frames = 20;
    try (NDManager root = NDManager.newBaseManager(Device.cpu());
        Synthesizer m = Synthesizer.fromWeights(layout, config, weights, Device.cpu(),
            DataType.FLOAT32)) {
      SynthInput in = SynthInput.of(SynthesizerBatchTest.item(frames, 768, 5, 108));
      float[] out = m.infer(root, in, NoiseSource.seeded(1, layout, 0))[0];
      assertEquals(frames * 400, out.length);
      double energy = 0;
      for (float v : out) {
        assertTrue(Float.isFinite(v) && Math.abs(v) < 1f);
        energy += v * v;
      }
      assertTrue(energy > 0, "silent output");
    }
  }

  /** Every key of the layout with small random values (weight-norm g near 1). */
  private static Map<String, HostTensor> randomDecoder(String layout) throws IOException {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    SplittableRandom random = new SplittableRandom(11);
    String text;
    try (InputStream s = VocoderLayoutTest.class.getResourceAsStream("/layouts/" + layout)) {
      text = new String(s.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] kv = line.split("\t");
      long[] shape = Arrays.stream(kv[1].split(",")).mapToLong(Long::parseLong).toArray();
      long fanIn = shape.length > 1 ? HostTensor.numel(shape) / shape[0] : 1;
      float[] v = new float[Math.toIntExact(HostTensor.numel(shape))];
      for (int i = 0; i < v.length; i++) {
        double u = 2 * random.nextDouble() - 1;
        v[i] = (float) (kv[0].endsWith("weight_g") ? 1 + 0.2 * u : u / Math.sqrt(fanIn));
      }
      out.put(kv[0], HostTensor.ofFloats(v, shape));
    }
    return out;
  }
}
