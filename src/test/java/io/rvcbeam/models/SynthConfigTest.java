package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import io.rvcbeam.checkpoint.VoiceModelConfig;
import io.rvcbeam.checkpoint.VoiceModelInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loader's config and inspect's facts come from one reading of the .pth. */
class SynthConfigTest {

  private static final List<String> MODELS = List.of("tiny_v1_32k_refinegan", "tiny_v1_40k_f0",
      "tiny_v1_40k_mrf", "tiny_v2_24k_f0", "tiny_v2_32k_f0", "tiny_v2_32k_mrf", "tiny_v2_40k_f0",
      "tiny_v2_40k_nof0", "tiny_v2_40k_refinegan", "tiny_v2_48k_f0", "tiny_v2_48k_mrf",
      "tiny_v2_48k_refinegan");

  @Test
  void givenEachGoldenModel_inspectAndTheLoaderAgree() throws Exception {
    for (String name : MODELS) {
      Path file = Golden.path("models/" + name + ".pth");
      TorchCheckpoint ckpt = TorchCheckpoint.read(file);
      VoiceModelInfo info = VoiceModelInfo.of(ckpt);
      SynthConfig config =
          SynthConfig.of(VoiceModelConfig.read(file.toString(), (Map<?, ?>) ckpt.root()));

      assertEquals(info.version(), config.version(), name);
      assertEquals(info.f0(), config.pitch(), name);
      assertEquals(info.sampleRate(), config.sampleRate(), name);
      assertEquals(info.hop(), config.hop(), name);
      assertEquals(info.speakers(), config.speakers(), name);
      assertEquals(info.contentWidth(), config.phoneDim(), name);
      assertEquals(info.vocoder(), config.vocoder().entry(), name);
      // The name says what the file holds; both readings must see it.
      assertTrue(name.contains("_" + config.sampleRate() / 1000 + "k_"), name);
      assertEquals(name.contains("mrf") ? Vocoder.MRF_HIFI_GAN
          : name.contains("refinegan") ? Vocoder.REFINEGAN : Vocoder.HIFI_GAN,
          config.vocoder(), name);
    }
  }

  @Test
  void givenAStringRateAndNoOptionalEntries_readsThemAsTheReference() throws Exception {
    Map<String, Object> root = root("tiny_v2_48k_f0");
    root.remove("version");
    root.remove("f0");
    root.remove("vocoder");
    List<Object> config = new ArrayList<>((List<?>) root.get("config"));
    config.set(17, "48k");
    root.put("config", config);

    VoiceModelConfig declared = VoiceModelConfig.read("m.pth", root);

    assertEquals("v1", declared.version());
    assertTrue(declared.f0());
    assertEquals(VoiceModelConfig.DEFAULT_VOCODER, declared.vocoder());
    assertEquals(48000, declared.sampleRate());
    assertEquals(480, declared.hop());
  }

  @Test
  void givenAMalformedEntry_bothReadersNameIt() throws Exception {
    Map<String, Object> root = root("tiny_v2_40k_f0");
    root.put("f0", "maybe");
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> VoiceModelConfig.read("m.pth", root));
    assertEquals("m.pth: f0 entry is neither bool nor int: maybe", e.getMessage());

    Map<String, Object> badRates = root("tiny_v2_40k_f0");
    List<Object> config = new ArrayList<>((List<?>) badRates.get("config"));
    config.set(12, "ten");
    badRates.put("config", config);
    VoiceModelConfig declared = VoiceModelConfig.read("m.pth", badRates);
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> SynthConfig.of(declared));
    assertEquals("config[12] upsample_rates is not a list: ten", bad.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> root(String name) throws Exception {
    return new LinkedHashMap<>(
        (Map<String, Object>) TorchCheckpoint.read(Golden.path("models/" + name + ".pth")).root());
  }
}
