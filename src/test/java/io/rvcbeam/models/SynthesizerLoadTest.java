package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the .pth fields and strict weight loading. */
class SynthesizerLoadTest {

  private static final String FILE = "tiny_v2_40k_f0.pth";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> dict(String model) throws Exception {
    Map<String, Object> root =
        (Map<String, Object>) TorchCheckpoint.read(Golden.path("models/" + model)).root();
    Map<String, Object> copy = new LinkedHashMap<>(root);
    copy.put("weight", new LinkedHashMap<>((Map<String, Object>) root.get("weight")));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> weights(Map<String, Object> dict) {
    return (Map<String, Object>) dict.get("weight");
  }

  private static CheckpointException loadFails(Map<String, Object> dict) {
    return assertThrows(CheckpointException.class,
        () -> Synthesizer.fromCheckpoint("model.pth", dict, Device.cpu(), DataType.FLOAT32));
  }

  @Test
  void givenEachGoldenLayout_readsVersionRateAndPitch() throws Exception {
    try (Synthesizer v1 = Synthesizer.load(Golden.path("models/tiny_v1_40k_f0.pth"), Device.cpu(),
            DataType.FLOAT32);
        Synthesizer nof0 = Synthesizer.load(Golden.path("models/tiny_v2_40k_nof0.pth"),
            Device.cpu(), DataType.FLOAT32);
        Synthesizer v48 = Synthesizer.load(Golden.path("models/tiny_v2_48k_f0.pth"), Device.cpu(),
            DataType.FLOAT32)) {
      assertEquals("v1", v1.config().version());
      assertEquals(256, v1.config().phoneDim());
      assertTrue(v1.config().pitch());
      assertEquals(40000, v1.sampleRate());
      assertEquals(400, v1.hop());
      assertFalse(nof0.config().pitch());
      assertEquals(768, nof0.config().phoneDim());
      assertEquals(48000, v48.sampleRate());
      assertEquals(480, v48.hop());
      assertEquals(16, v48.config().hiddenChannels());
    }
  }

  @Test
  void givenMissingVersionAndPitchFields_defaultsToV1WithPitch() throws Exception {
    Map<String, Object> d = dict("tiny_v1_40k_f0.pth");
    d.remove("version");
    d.remove("f0");
    List<Object> config = new ArrayList<>((List<?>) d.get("config"));
    config.set(17, "40k");
    d.put("config", config);
    try (Synthesizer s = Synthesizer.fromCheckpoint("m.pth", d, Device.cpu(), DataType.FLOAT32)) {
      assertEquals("v1", s.config().version());
      assertTrue(s.config().pitch());
      assertEquals(40000, s.sampleRate());
    }
  }

  @Test
  void givenPosteriorEncoderKeys_ignoresThem() throws Exception {
    Map<String, Object> d = dict(FILE);
    weights(d).put("enc_q.pre.weight", HostTensor.ofFloats(new float[] {1, 2}, 2));
    try (Synthesizer s = Synthesizer.fromCheckpoint("m.pth", d, Device.cpu(), DataType.FLOAT32)) {
      assertEquals(40000, s.sampleRate());
    }
  }

  @Test
  void givenMissingKey_failsNamingFileAndKey() throws Exception {
    Map<String, Object> d = dict(FILE);
    weights(d).remove("flow.flows.4.post.bias");
    String m = loadFails(d).getMessage();
    assertTrue(m.startsWith("model.pth: "), m);
    assertTrue(m.contains("flow.flows.4.post.bias"), m);
  }

  @Test
  void givenMissingWeightNormHalf_fails() throws Exception {
    Map<String, Object> d = dict(FILE);
    weights(d).remove("dec.ups.1.weight_v");
    String m = loadFails(d).getMessage();
    assertTrue(m.contains("dec.ups.1.weight_v"), m);
  }

  @Test
  void givenWeightThatDoesNotFitConfig_failsNamingKey() throws Exception {
    Map<String, Object> d = dict(FILE);
    weights(d).put("enc_p.proj.bias", HostTensor.ofFloats(new float[31], 31));
    String m = loadFails(d).getMessage();
    assertTrue(m.contains("enc_p.proj.bias") && m.contains("[31]") && m.contains("[32]"), m);
  }

  @Test
  void givenConfigThatDoesNotFitWeights_failsOnFirstKey() throws Exception {
    Map<String, Object> d = dict(FILE);
    List<Object> config = new ArrayList<>((List<?>) d.get("config"));
    config.set(3, 24L); // hidden_channels
    d.put("config", config);
    String m = loadFails(d).getMessage();
    assertTrue(m.contains("enc_p.emb_phone.weight"), m);
  }

  @Test
  void givenUnexpectedKey_fails() throws Exception {
    Map<String, Object> d = dict(FILE);
    weights(d).put("dec.extra.weight", HostTensor.ofFloats(new float[] {1}, 1));
    String m = loadFails(d).getMessage();
    assertTrue(m.contains("unexpected") && m.contains("dec.extra.weight"), m);
  }

  @Test
  void givenUnknownVocoder_failsNamingItAndTheSupportedOnes() throws Exception {
    Map<String, Object> d = dict(FILE);
    d.put("vocoder", "BigVGAN");
    String m = loadFails(d).getMessage();
    assertTrue(m.contains("'BigVGAN'") && m.contains("MRF HiFi-GAN, RefineGAN"), m);
  }

  @Test
  void givenHifiGanWeightsLabelledRefineGan_failsNamingAMissingKey() throws Exception {
    Map<String, Object> d = dict(FILE);
    d.put("vocoder", "RefineGAN");
    String m = loadFails(d).getMessage();
    assertTrue(m.contains("missing weight 'dec.") && m.contains("RefineGAN"), m);
  }

  @Test
  void givenMrfVocoderWithoutPitch_failsSayingItNeedsPitch() throws Exception {
    Map<String, Object> d = dict(FILE);
    d.put("vocoder", "MRF HiFi-GAN");
    d.put("f0", 0L);
    String m = loadFails(d).getMessage();
    assertTrue(m.contains("MRF HiFi-GAN") && m.contains("pitch"), m);
  }
}
