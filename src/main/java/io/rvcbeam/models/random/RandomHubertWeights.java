package io.rvcbeam.models.random;

import io.rvcbeam.checkpoint.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random HuBERT state dicts (HF key names) of any size, for tests and benchmarks. */
public final class RandomHubertWeights {

  /** The wav2vec2 feature extractor's kernel widths (HubertConfig's standard layout). */
  private static final int[] STANDARD_KERNELS = {10, 3, 3, 3, 3, 2, 2};

  private final SplittableRandom random;
  private final Map<String, HostTensor> tensors = new LinkedHashMap<>();

  private RandomHubertWeights(long seed) {
    random = new SplittableRandom(seed);
  }

  /** The real HuBERT-base / ContentVec sizes (~95 M parameters). */
  public static Map<String, HostTensor> fullSize(long seed) {
    return build(seed, 512, 768, 12, 3072, 128, 16, 256);
  }

  /**
   * @param convDim width of all 7 conv layers (standard kernels and strides)
   * @param projection final_proj width, or 0 for none
   */
  public static Map<String, HostTensor> build(long seed, int convDim, int hidden, int layers,
      int ffn, int posKernel, int posGroups, int projection) {
    RandomHubertWeights w = new RandomHubertWeights(seed);
    int[] kernels = STANDARD_KERNELS;
    String conv = "feature_extractor.conv_layers.";
    for (int i = 0; i < kernels.length; i++) {
      int in = i == 0 ? 1 : convDim;
      w.uniform(conv + i + ".conv.weight", 1.0 / Math.sqrt(in * kernels[i]), convDim, in,
          kernels[i]);
    }
    w.around(conv + "0.layer_norm.weight", 1, 0.1, convDim);
    w.around(conv + "0.layer_norm.bias", 0, 0.1, convDim);
    w.around("feature_projection.layer_norm.weight", 1, 0.1, convDim);
    w.around("feature_projection.layer_norm.bias", 0, 0.1, convDim);
    w.linear("feature_projection.projection", hidden, convDim);
    String pos = "encoder.pos_conv_embed.conv.";
    w.around(pos + "weight_g", 1, 0.2, 1, 1, posKernel);
    w.uniform(pos + "weight_v", 1, hidden, hidden / posGroups, posKernel);
    w.around(pos + "bias", 0, 0.1, hidden);
    w.around("encoder.layer_norm.weight", 1, 0.1, hidden);
    w.around("encoder.layer_norm.bias", 0, 0.1, hidden);
    for (int l = 0; l < layers; l++) {
      String p = "encoder.layers." + l + ".";
      for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
        w.linear(p + "attention." + proj, hidden, hidden);
      }
      w.around(p + "layer_norm.weight", 1, 0.1, hidden);
      w.around(p + "layer_norm.bias", 0, 0.1, hidden);
      w.linear(p + "feed_forward.intermediate_dense", ffn, hidden);
      w.linear(p + "feed_forward.output_dense", hidden, ffn);
      w.around(p + "final_layer_norm.weight", 1, 0.1, hidden);
      w.around(p + "final_layer_norm.bias", 0, 0.1, hidden);
    }
    w.uniform("masked_spec_embed", 1, hidden);
    if (projection > 0) {
      w.linear("final_proj", projection, hidden);
    }
    return w.tensors;
  }

  /** The same tensors under fairseq's key names (inverse of HubertStateDict's renaming). */
  public static Map<String, HostTensor> toFairseq(Map<String, HostTensor> hf) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    hf.forEach((k, v) -> out.put(fairseqName(k), v));
    out.put("label_embs_concat", HostTensor.ofFloats(new float[4], 2, 2));
    return out;
  }

  private static String fairseqName(String key) {
    String k = key.replaceFirst("^feature_extractor\\.conv_layers\\.(\\d+)\\.conv\\.",
            "feature_extractor.conv_layers.$1.0.")
        .replace("feature_extractor.conv_layers.0.layer_norm.",
            "feature_extractor.conv_layers.0.2.")
        .replace("feature_projection.layer_norm.", "layer_norm.")
        .replace("feature_projection.projection.", "post_extract_proj.")
        .replace("encoder.pos_conv_embed.conv.", "encoder.pos_conv.0.")
        .replace(".attention.", ".self_attn.")
        .replace(".feed_forward.intermediate_dense.", ".fc1.")
        .replace(".feed_forward.output_dense.", ".fc2.")
        .replace("masked_spec_embed", "mask_emb");
    return k.replaceFirst("^(encoder\\.layers\\.\\d+)\\.layer_norm\\.",
        "$1.self_attn_layer_norm.");
  }

  private void linear(String prefix, int out, int in) {
    double bound = 1.0 / Math.sqrt(in);
    uniform(prefix + ".weight", bound, out, in);
    uniform(prefix + ".bias", bound, out);
  }

  private void uniform(String key, double bound, long... shape) {
    around(key, 0, bound, shape);
  }

  /** Uniform in [center - spread, center + spread). */
  private void around(String key, double center, double spread, long... shape) {
    float[] values = new float[Math.toIntExact(HostTensor.numel(shape))];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (center + spread * (2 * random.nextDouble() - 1));
    }
    tensors.put(key, HostTensor.ofFloats(values, shape));
  }
}
