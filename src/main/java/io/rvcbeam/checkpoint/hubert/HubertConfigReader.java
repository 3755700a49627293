package io.rvcbeam.checkpoint.hubert;

import io.rvcbeam.checkpoint.HostTensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Works out a {@link HubertConfig} from a state dict (HF key names, see {@link HubertStateDict})
 * and the values the checkpoint declares (HF {@code config.json} field names).
 *
 * <p>Every size the tensors show is taken from their shapes, and a declared value that disagrees
 * is an error. Strides, attention heads and eps cannot be seen in shapes: they come from the
 * declaration, else the HuBERT-base defaults (standard stride pattern, 64-wide heads, 1e-5).
 * Variants this port does not implement (pre-LN "stable" layer norm, layer-norm feature
 * extractor, activations other than GELU) are refused with a clear message.
 */
public final class HubertConfigReader {

  private static final String CONV = "feature_extractor.conv_layers.";
  private static final String POS_CONV = "encoder.pos_conv_embed.conv.";

  private HubertConfigReader() {}

  /**
   * @param source the file, named in errors
   * @param declared config values by HF field name (may be empty); numbers, strings, booleans,
   *     lists of numbers
   */
  public static HubertConfig read(String source, Map<String, HostTensor> tensors,
      Map<String, ?> declared) {
    Checker c = new Checker(source, tensors, declared);
    c.require("feat_extract_norm", "group");
    c.require("do_stable_layer_norm", Boolean.FALSE);
    c.require("hidden_act", "gelu");
    c.require("feat_extract_activation", "gelu");

    int convLayers = 0;
    while (tensors.containsKey(CONV + convLayers + ".conv.weight")) {
      convLayers++;
    }
    if (convLayers == 0) {
      throw c.error("no feature extractor weights ('" + CONV + "0.conv.weight')");
    }
    int[] dims = new int[convLayers];
    int[] kernels = new int[convLayers];
    long inChannels = 1;
    for (int i = 0; i < convLayers; i++) {
      long[] w = c.shape(CONV + i + ".conv.weight", 3);
      if (w[1] != inChannels) {
        throw c.error("conv layer " + i + " reads " + w[1] + " channels, expected " + inChannels);
      }
      dims[i] = Math.toIntExact(w[0]);
      kernels[i] = Math.toIntExact(w[2]);
      inChannels = w[0];
    }
    c.check("conv_dim", dims);
    c.check("conv_kernel", kernels);
    int[] strides = c.intList("conv_stride");
    if (strides == null) {
      if (!Arrays.equals(kernels, HubertConfig.STANDARD_KERNELS)) {
        throw c.error("conv strides are not declared and kernels " + Arrays.toString(kernels)
            + " are not the standard HuBERT stack");
      }
      strides = HubertConfig.STANDARD_STRIDES.clone();
    }
    if (strides.length != convLayers) {
      throw c.error("conv_stride has " + strides.length + " entries for " + convLayers
          + " conv layers");
    }
    if (!tensors.containsKey(CONV + "0.layer_norm.weight")) {
      throw c.error("no GroupNorm weights on conv layer 0 ('" + CONV + "0.layer_norm.weight');"
          + " only the group-norm feature extractor is supported");
    }
    boolean convBias = tensors.containsKey(CONV + "0.conv.bias");
    c.check("conv_bias", convBias);

    long[] proj = c.shape("feature_projection.projection.weight", 2);
    int hidden = Math.toIntExact(proj[0]);
    if (proj[1] != inChannels) {
      throw c.error("feature projection reads " + proj[1] + " channels, the conv stack gives "
          + inChannels);
    }
    c.check("hidden_size", hidden);
    boolean projectionLayerNorm = tensors.containsKey("feature_projection.layer_norm.weight");
    c.check("feat_proj_layer_norm", projectionLayerNorm);

    long[] v = c.shape(weightNormV(tensors), 3);
    if (v[0] != hidden || hidden % v[1] != 0) {
      throw c.error("positional conv weight " + Arrays.toString(v) + " does not fit hidden size "
          + hidden);
    }
    int posKernel = Math.toIntExact(v[2]);
    int posGroups = Math.toIntExact(hidden / v[1]);
    c.check("num_conv_pos_embeddings", posKernel);
    c.check("num_conv_pos_embedding_groups", posGroups);

    int layers = 0;
    while (tensors.containsKey("encoder.layers." + layers + ".attention.q_proj.weight")) {
      layers++;
    }
    if (layers == 0) {
      throw c.error("no transformer layers ('encoder.layers.0.attention.q_proj.weight')");
    }
    c.check("num_hidden_layers", layers);
    int ffn = Math.toIntExact(
        c.shape("encoder.layers.0.feed_forward.intermediate_dense.weight", 2)[0]);
    c.check("intermediate_size", ffn);

    Integer heads = c.integer("num_attention_heads");
    if (heads == null) {
      heads = Math.max(1, hidden / 64);
    }
    Number eps = c.number("layer_norm_eps");
    int projection = tensors.containsKey("final_proj.weight")
        ? Math.toIntExact(c.shape("final_proj.weight", 2)[0]) : 0;
    if (projection > 0) {
      c.check("classifier_proj_size", projection);
    }
    return new HubertConfig(dims, kernels, strides, convBias, projectionLayerNorm, hidden, layers,
        heads, ffn, posKernel, posGroups, eps == null ? 1e-5f : eps.floatValue(), projection);
  }

  private static String weightNormV(Map<String, HostTensor> tensors) {
    for (String suffix : List.of("weight_v", "parametrizations.weight.original1", "weight")) {
      if (tensors.containsKey(POS_CONV + suffix)) {
        return POS_CONV + suffix;
      }
    }
    return POS_CONV + "weight_v";
  }

  /** Reads declared values and shapes, with errors that name the file. */
  private static final class Checker {
    private final String source;
    private final Map<String, HostTensor> tensors;
    private final Map<String, ?> declared;

    Checker(String source, Map<String, HostTensor> tensors, Map<String, ?> declared) {
      this.source = source;
      this.tensors = tensors;
      this.declared = declared;
    }

    IllegalArgumentException error(String message) {
      return new IllegalArgumentException(source + ": " + message);
    }

    long[] shape(String key, int rank) {
      HostTensor t = tensors.get(key);
      if (t == null) {
        throw error("missing weight '" + key + "'");
      }
      if (t.rank() != rank) {
        throw error("weight '" + key + "' has shape " + Arrays.toString(t.shape())
            + ", expected rank " + rank);
      }
      return t.shape();
    }

    void require(String field, Object supported) {
      Object value = declared.get(field);
      if (value != null && !value.equals(supported)) {
        throw error("unsupported " + field + " = " + value + " (only " + supported + ")");
      }
    }

    Number number(String field) {
      Object value = declared.get(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof Number n)) {
        throw error(field + " is not a number: " + value);
      }
      return n;
    }

    Integer integer(String field) {
      Number n = number(field);
      return n == null ? null : Math.toIntExact(n.longValue());
    }

    int[] intList(String field) {
      Object value = declared.get(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof List<?> list)) {
        throw error(field + " is not a list: " + value);
      }
      int[] out = new int[list.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw error(field + " holds a non-number: " + value);
        }
        out[i] = Math.toIntExact(n.longValue());
      }
      return out;
    }

    void check(String field, int fromShapes) {
      Integer value = integer(field);
      if (value != null && value != fromShapes) {
        throw error(field + " = " + value + " but the weights say " + fromShapes);
      }
    }

    void check(String field, int[] fromShapes) {
      int[] value = intList(field);
      if (value != null && !Arrays.equals(value, fromShapes)) {
        throw error(field + " = " + Arrays.toString(value) + " but the weights say "
            + Arrays.toString(fromShapes));
      }
    }

    void check(String field, boolean fromShapes) {
      Object value = declared.get(field);
      if (value != null && !value.equals(fromShapes)) {
        throw error(field + " = " + value + " but the weights say " + fromShapes);
      }
    }
  }
}
