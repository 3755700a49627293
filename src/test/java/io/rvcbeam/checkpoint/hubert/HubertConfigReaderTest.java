package io.rvcbeam.checkpoint.hubert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.random.RandomHubertWeights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubertConfigReaderTest {

  private static final Map<String, HostTensor> TINY = RandomHubertWeights.build(1, 8, 32, 3, 16,
      6, 8, 0);

  @Test
  void givenNoDeclaredValues_takesSizesFromShapesAndBaseDefaults() {
    HubertConfig c = HubertConfigReader.read("t", TINY, Map.of());
    assertArrayEquals(new int[] {8, 8, 8, 8, 8, 8, 8}, c.convDims());
    assertArrayEquals(new int[] {5, 2, 2, 2, 2, 2, 2}, c.convStrides());
    assertEquals(32, c.hiddenSize());
    assertEquals(3, c.numLayers());
    assertEquals(16, c.intermediateSize());
    assertEquals(6, c.posConvKernel());
    assertEquals(8, c.posConvGroups());
    assertEquals(1, c.numHeads()); // hidden / 64, at least 1
    assertEquals(1e-5f, c.layerNormEps());
    assertEquals(false, c.hasProjection());
    assertEquals(false, c.convBias());
  }

  @Test
  void givenDeclaredHeadsAndEps_usesThem() {
    HubertConfig c = HubertConfigReader.read("t", TINY,
        Map.of("num_attention_heads", 4, "layer_norm_eps", 1e-6));
    assertEquals(4, c.numHeads());
    assertEquals(8, c.headSize());
    assertEquals(1e-6f, c.layerNormEps());
  }

  @Test
  void givenDeclaredSizeThatContradictsShapes_namesTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HubertConfigReader.read("model.bin", TINY, Map.of("intermediate_size", 3072)));
    assertTrue(e.getMessage().startsWith("model.bin: intermediate_size"), e.getMessage());
  }

  @Test
  void givenUnsupportedVariants_refusesThem() {
    for (Map<String, Object> declared : List.<Map<String, Object>>of(
        Map.of("feat_extract_norm", "layer"), Map.of("do_stable_layer_norm", true),
        Map.of("hidden_act", "relu"))) {
      assertThrows(IllegalArgumentException.class,
          () -> HubertConfigReader.read("t", TINY, declared), declared.toString());
    }
  }

  @Test
  void givenMissingWeight_namesIt() {
    Map<String, HostTensor> broken = new LinkedHashMap<>(TINY);
    broken.remove("feature_projection.projection.weight");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HubertConfigReader.read("t", broken, Map.of()));
    assertTrue(e.getMessage().contains("feature_projection.projection.weight"), e.getMessage());
  }

  @Test
  void frameCountsFollowTheConvStack() {
    HubertConfig c = HubertConfigReader.read("t", TINY, Map.of());
    assertEquals(400, c.receptiveField());
    assertEquals(320, c.hop());
    assertEquals(0, c.frames(399));
    assertEquals(1, c.frames(400));
    assertEquals(49, c.frames(16_000));
    assertEquals(149, c.frames(48_000));
    for (long n = 400; n < 5000; n += 37) {
      assertEquals((n - 400) / 320 + 1, c.frames(n), "samples " + n);
    }
  }

  @Test
  void parsesFairseqConvFeatureLayers() {
    List<long[]> layers = FairseqConfig.parseConvLayers(
        "[(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512,2,2)] * 2");
    assertEquals(7, layers.size());
    assertArrayEquals(new long[] {512, 10, 5}, layers.get(0));
    assertArrayEquals(new long[] {512, 3, 2}, layers.get(4));
    assertArrayEquals(new long[] {512, 2, 2}, layers.get(6));
    assertEquals(2, FairseqConfig.parseConvLayers("[(4,3,1),(4,3,2)]").size());
    assertThrows(IllegalArgumentException.class,
        () -> FairseqConfig.parseConvLayers("[(512, 10)]"));
    assertThrows(IllegalArgumentException.class,
        () -> FairseqConfig.parseConvLayers("__import__('os')"));
  }

  @Test
  void findsFieldsNestedInMapsAndLists() {
    Map<String, Object> tree = Map.of("task", Map.of("sample_rate", 16000L),
        "model", List.of(Map.of("encoder_attention_heads", 12L)));
    assertEquals(12L, FairseqConfig.find(tree, "encoder_attention_heads"));
    assertEquals(16000L, FairseqConfig.find(tree, "sample_rate"));
    assertNull(FairseqConfig.find(tree, "missing"));
  }

  @Test
  void renamesFairseqKeys() {
    assertEquals("feature_extractor.conv_layers.3.conv.weight",
        HubertStateDict.fromFairseq("feature_extractor.conv_layers.3.0.weight"));
    assertEquals("feature_extractor.conv_layers.0.layer_norm.bias",
        HubertStateDict.fromFairseq("feature_extractor.conv_layers.0.2.bias"));
    assertEquals("encoder.layers.11.layer_norm.weight",
        HubertStateDict.fromFairseq("encoder.layers.11.self_attn_layer_norm.weight"));
    assertEquals("encoder.layers.0.attention.q_proj.bias",
        HubertStateDict.fromFairseq("encoder.layers.0.self_attn.q_proj.bias"));
    assertEquals("encoder.layers.2.feed_forward.output_dense.weight",
        HubertStateDict.fromFairseq("encoder.layers.2.fc2.weight"));
    assertEquals("encoder.pos_conv_embed.conv.weight_g",
        HubertStateDict.fromFairseq("encoder.pos_conv.0.weight_g"));
    assertEquals("feature_projection.projection.weight",
        HubertStateDict.fromFairseq("post_extract_proj.weight"));
    assertEquals("final_proj.weight", HubertStateDict.fromFairseq("final_proj.weight"));
    assertNull(HubertStateDict.fromFairseq("label_embs_concat"));
  }
}
