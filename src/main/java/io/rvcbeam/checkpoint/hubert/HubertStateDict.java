package io.rvcbeam.checkpoint.hubert;

import io.rvcbeam.checkpoint.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings HuBERT state dicts to one spelling: the Hugging Face key names, without the optional
 * {@code hubert.} prefix. fairseq keys ({@code hubert_base.pt}) are renamed as transformers'
 * converter does; weight-norm spellings are left as they are ({@code Parameters.weight} reads
 * both).
 */
public final class HubertStateDict {

  private static final String HF_PREFIX = "hubert.";
  private static final Pattern FAIRSEQ_CONV =
      Pattern.compile("feature_extractor\\.conv_layers\\.(\\d+)\\.0\\.(weight|bias)");
  private static final Pattern FAIRSEQ_GROUP_NORM =
      Pattern.compile("feature_extractor\\.conv_layers\\.0\\.2\\.(weight|bias)");
  private static final Pattern FAIRSEQ_LAYER =
      Pattern.compile("encoder\\.layers\\.(\\d+)\\.([a-z_0-9]+)\\.(.+)");

  private HubertStateDict() {}

  /** Whether the keys are fairseq's (a {@code post_extract_proj} is the tell). */
  public static boolean isFairseq(Map<String, HostTensor> raw) {
    return raw.containsKey("post_extract_proj.weight");
  }

  /** The state dict with HF key names; tensors unused at inference are dropped. */
  public static Map<String, HostTensor> normalise(Map<String, HostTensor> raw) {
    boolean fairseq = isFairseq(raw);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, HostTensor> e : raw.entrySet()) {
      String key = fairseq ? fromFairseq(e.getKey()) : stripPrefix(e.getKey());
      if (key != null) {
        out.put(key, e.getValue());
      }
    }
    return out;
  }

  private static String stripPrefix(String key) {
    return key.startsWith(HF_PREFIX) ? key.substring(HF_PREFIX.length()) : key;
  }

  /** The HF name of a fairseq key, or null for tensors inference does not use. */
  static String fromFairseq(String key) {
    Matcher m = FAIRSEQ_CONV.matcher(key);
    if (m.matches()) {
      return "feature_extractor.conv_layers." + m.group(1) + ".conv." + m.group(2);
    }
    m = FAIRSEQ_GROUP_NORM.matcher(key);
    if (m.matches()) {
      return "feature_extractor.conv_layers.0.layer_norm." + m.group(1);
    }
    if (key.startsWith("layer_norm.")) {
      return "feature_projection." + key;
    }
    if (key.startsWith("post_extract_proj.")) {
      return "feature_projection.projection." + key.substring("post_extract_proj.".length());
    }
    if (key.startsWith("encoder.pos_conv.0.")) {
      return "encoder.pos_conv_embed.conv." + key.substring("encoder.pos_conv.0.".length());
    }
    m = FAIRSEQ_LAYER.matcher(key);
    if (m.matches()) {
      String module =
          switch (m.group(2)) {
            case "self_attn" -> "attention";
            case "self_attn_layer_norm" -> "layer_norm";
            case "fc1" -> "feed_forward.intermediate_dense";
            case "fc2" -> "feed_forward.output_dense";
            default -> m.group(2);
          };
      return "encoder.layers." + m.group(1) + "." + module + "." + m.group(3);
    }
    if (key.equals("mask_emb")) {
      return "masked_spec_embed";
    }
    if (key.equals("label_embs_concat")) {
      return null;
    }
    return key;
  }
}
