package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.EmbedderInfo;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.ContentEncoder.Features;
import io.rvcbeam.models.hubert.FairseqCheckpointFixture.EnumValue;
import io.rvcbeam.models.hubert.FairseqCheckpointFixture;
import io.rvcbeam.models.random.RandomHubertWeights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fairseq {@code hubert_base.pt}-shaped file loads into the same network as HF weights. */
class ContentEncoderFairseqTest {

  private static final Map<String, HostTensor> HF = RandomHubertWeights.build(3, 8, 32, 2, 16,
      4, 4, 8);

  private static Map<String, Object> fairseqConfig() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("extractor_mode", new EnumValue("fairseq.dataclass.constants", "Choices", "default"));
    cfg.put("encoder_layers", 2);
    cfg.put("encoder_embed_dim", 32);
    cfg.put("encoder_attention_heads", 4);
    cfg.put("activation_fn", "gelu");
    cfg.put("layer_norm_first", false);
    cfg.put("conv_feature_layers", "[(8,10,5)] + [(8,3,2)] * 4 + [(8,2,2)] * 2");
    cfg.put("conv_bias", false);
    cfg.put("conv_pos", 4);
    cfg.put("conv_pos_groups", 4);
    return cfg;
  }

  private static float[][] audio() {
    float[][] audio = new float[1][3200];
    for (int i = 0; i < audio[0].length; i++) {
      audio[0][i] = (float) (0.4 * Math.sin(i * 0.02) + 0.2 * Math.sin(i * 0.9));
    }
    return audio;
  }

  @Test
  void givenFairseqCheckpoint_readsHeadsFromItsConfigAndMatchesHfWeights(@TempDir Path dir)
      throws Exception {
    Path pt = FairseqCheckpointFixture.write(dir.resolve("hubert_base.pt"),
        RandomHubertWeights.toFairseq(HF), fairseqConfig());
    try (ContentEncoder fairseq = ContentEncoder.load(pt, Device.cpu(), DataType.FLOAT32);
        ContentEncoder hf = ContentEncoder.fromStateDict("hf", HF,
            Map.of("num_attention_heads", 4), Device.cpu(), DataType.FLOAT32)) {
      assertEquals(4, fairseq.config().numHeads());
      assertArrayEquals(new int[] {5, 2, 2, 2, 2, 2, 2}, fairseq.config().convStrides());
      for (Features f : List.of(Features.V2, Features.V1, new Features(1, true))) {
        float[][][] a = fairseq.encode(audio(), f);
        float[][][] b = hf.encode(audio(), f);
        for (int t = 0; t < a[0].length; t++) {
          assertArrayEquals(b[0][t], a[0][t], 0f);
        }
      }
    }
  }

  @Test
  void givenFairseqCheckpoint_inspectShowsWhatTheLoaderBuilds(@TempDir Path dir)
      throws Exception {
    Path pt = FairseqCheckpointFixture.write(dir.resolve("hubert_base.pt"),
        RandomHubertWeights.toFairseq(HF), fairseqConfig());
    EmbedderInfo info = EmbedderInfo.read(pt);
    try (ContentEncoder loaded = ContentEncoder.load(pt, Device.cpu(), DataType.FLOAT32)) {
      assertEquals("fairseq", info.format());
      assertEquals(2, info.layers());
      assertEquals(loaded.config().numLayers(), info.layers());
      assertEquals(32, info.hiddenWidth());
      assertEquals(loaded.config().hiddenSize(), info.hiddenWidth());
      assertEquals(8, info.finalProjWidth());
      assertEquals(loaded.config().projectionSize(), info.finalProjWidth());
    }

    Map<String, Object> preLn = fairseqConfig();
    preLn.put("layer_norm_first", true);
    Path refused = FairseqCheckpointFixture.write(dir.resolve("pre_ln.pt"),
        RandomHubertWeights.toFairseq(HF), preLn);
    String inspected =
        assertThrows(CheckpointException.class, () -> EmbedderInfo.read(refused)).getMessage();
    String loading = assertThrows(CheckpointException.class,
        () -> ContentEncoder.load(refused, Device.cpu(), DataType.FLOAT32)).getMessage();
    assertEquals(loading, inspected, "inspect refuses what loading refuses, in the same words");
  }

  @Test
  void givenPreLayerNormFairseqModel_isRefusedClearly(@TempDir Path dir) throws Exception {
    Map<String, Object> cfg = fairseqConfig();
    cfg.put("layer_norm_first", true);
    Path pt = FairseqCheckpointFixture.write(dir.resolve("large.pt"),
        RandomHubertWeights.toFairseq(HF), cfg);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> ContentEncoder.load(pt, Device.cpu(), DataType.FLOAT32));
    assertTrue(e.getMessage().contains("do_stable_layer_norm"), e.getMessage());
    assertTrue(e.getMessage().contains("large.pt"), e.getMessage());
  }

  @Test
  void givenConvStackThatContradictsTheWeights_isRefused(@TempDir Path dir) throws Exception {
    Map<String, Object> cfg = fairseqConfig();
    cfg.put("conv_feature_layers", "[(8,10,5)] + [(8,3,2)] * 5 + [(8,2,2)]");
    Path pt = FairseqCheckpointFixture.write(dir.resolve("odd.pt"),
        RandomHubertWeights.toFairseq(HF), cfg);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> ContentEncoder.load(pt, Device.cpu(), DataType.FLOAT32));
    assertTrue(e.getMessage().contains("conv_kernel"), e.getMessage());
  }

  @Test
  void givenLayerNormFeatureExtractor_isRefusedClearly(@TempDir Path dir) throws Exception {
    Map<String, Object> cfg = fairseqConfig();
    cfg.put("extractor_mode",
        new EnumValue("fairseq.dataclass.constants", "Choices", "layer_norm"));
    Path pt = FairseqCheckpointFixture.write(dir.resolve("ln.pt"),
        RandomHubertWeights.toFairseq(HF), cfg);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> ContentEncoder.load(pt, Device.cpu(), DataType.FLOAT32));
    assertTrue(e.getMessage().contains("feat_extract_norm = layer_norm"), e.getMessage());
  }
}
