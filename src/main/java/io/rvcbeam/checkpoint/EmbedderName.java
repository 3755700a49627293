package io.rvcbeam.checkpoint;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which of Applio's content encoders ("embedders") a file is, and which one a voice model was
 * trained on.
 *
 * <p>The six are all HuBERT base networks in the Hugging Face layout; they differ in weights, not
 * in shape (the Korean one has 8 attention heads instead of 12; the Chinese, Japanese and Korean
 * ones have no {@code final_proj}), so a file cannot be told apart by its tensors. It is named by
 * where Applio keeps it ({@code rvc/models/embedders/<folder>/}), else by the upstream model id a
 * {@code config.json} may record in {@code _name_or_path}. Anything else is {@link #CUSTOM}.
 */
public final class EmbedderName {

  /** Applio's names, as its voice models record them in {@code embedder_model}. */
  public static final List<String> APPLIO =
      List.of(
          "contentvec",
          "spin",
          "spin-v2",
          "chinese-hubert-base",
          "japanese-hubert-base",
          "korean-hubert-base");

  /** An embedder none of the above names: it fits any voice model of its width. */
  public static final String CUSTOM = "custom";

  /** Upstream Hugging Face ids of the same networks, as a config's {@code _name_or_path}. */
  private static final Map<String, String> UPSTREAM =
      Map.of(
          "lengyue233/content-vec-best", "contentvec",
          "tencentgamemate/chinese-hubert-base", "chinese-hubert-base",
          "rinna/japanese-hubert-base", "japanese-hubert-base",
          "team-lucid/hubert-base-korean", "korean-hubert-base");

  private EmbedderName() {}

  /**
   * The embedder at {@code location} (a path or URI of its folder, or of its weight file), given
   * its config's {@code _name_or_path} (null if none).
   */
  public static String of(String location, String nameOrPath) {
    String trimmed = location.replace('\\', '/').replaceAll("/+$", "");
    String[] parts = trimmed.split("/");
    String last = parts[parts.length - 1].toLowerCase(Locale.ROOT);
    // RVC's hubert_base.pt is ContentVec in fairseq form.
    if (last.equals("hubert_base.pt")) {
      return "contentvec";
    }
    boolean weightFile = last.endsWith(".bin") || last.endsWith(".safetensors")
        || last.endsWith(".pt") || last.endsWith(".pth");
    String folder = weightFile && parts.length > 1
        ? parts[parts.length - 2].toLowerCase(Locale.ROOT) : last;
    String byFolder = folder.replace('_', '-');
    if (APPLIO.contains(byFolder)) {
      return byFolder;
    }
    if (nameOrPath != null) {
      String id = nameOrPath.toLowerCase(Locale.ROOT).replace('\\', '/');
      for (Map.Entry<String, String> e : UPSTREAM.entrySet()) {
        if (id.equals(e.getKey()) || id.endsWith("/" + e.getKey())) {
          return e.getValue();
        }
      }
    }
    return CUSTOM;
  }

  /**
   * The {@code embedder_model} a voice model's checkpoint records (Applio writes it), or null when
   * it records none or a custom one (RVC WebUI's models, all ContentVec, record none).
   */
  public static String ofVoice(Map<?, ?> root) {
    Object value = root.get("embedder_model");
    if (value instanceof String s && APPLIO.contains(s.toLowerCase(Locale.ROOT))) {
      return s.toLowerCase(Locale.ROOT);
    }
    return null;
  }

  /**
   * Null when the voice model may use the embedder; otherwise the one-line refusal. Only two
   * known, different names are a mismatch: an unrecorded or custom name on either side fits.
   */
  public static String mismatch(
      String voiceModel, String voiceEmbedder, String embedderLocation, String embedder) {
    if (voiceEmbedder == null || embedder == null || embedder.equals(CUSTOM)
        || voiceEmbedder.equals(embedder)) {
      return null;
    }
    return voiceModel + " was trained with the '" + voiceEmbedder + "' embedder but the embedder"
        + " given (" + embedderLocation + ") is '" + embedder + "'";
  }
}
