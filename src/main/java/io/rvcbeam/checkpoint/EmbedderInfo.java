package io.rvcbeam.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rvcbeam.checkpoint.hubert.HubertCheckpoint;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * The facts {@code inspect} and the embedder check show of a HuBERT / ContentVec content encoder:
 * a Hugging Face directory ({@code config.json} + {@code pytorch_model.bin} or {@code
 * model.safetensors}), one of those files, or a fairseq {@code hubert_base.pt}. Read through
 * {@link HubertCheckpoint} and its {@link HubertConfig}, the same reading the content encoder
 * loads from, so a file inspect accepts is one that loads (a {@code config.json} that disagrees
 * with the weights is refused by both, with the same message).
 *
 * @param file the weight file
 * @param format {@code hf-pytorch}, {@code hf-safetensors} or {@code fairseq}
 * @param hiddenWidth width of the last hidden state (768 for HuBERT base)
 * @param finalProjWidth output width of {@code final_proj} (256), or 0 without one
 * @param embedder which of Applio's embedders it is ({@link EmbedderName}), or {@code custom}
 */
public record EmbedderInfo(
    Path file,
    String format,
    int layers,
    int hiddenWidth,
    int finalProjWidth,
    int tensorCount,
    long parameterCount,
    String storageDtype,
    String embedder) {

  /** True for HF or fairseq HuBERT key names. */
  public static boolean isEmbedder(Map<String, HostTensor> tensors) {
    return tensors.keySet().stream().anyMatch(k -> k.contains("feature_extractor.conv_layers.0."));
  }

  /** Reads a directory, a {@code .safetensors} file or a torch checkpoint. */
  public static EmbedderInfo read(Path path) throws CheckpointException {
    HubertCheckpoint checkpoint = HubertCheckpoint.read(path);
    Path file = Path.of(checkpoint.source());
    Map<String, HostTensor> tensors = checkpoint.tensors();
    if (!isEmbedder(tensors)) {
      throw new CheckpointException(
          file, "not a HuBERT/ContentVec content encoder (no feature_extractor.conv_layers keys)");
    }
    HubertConfig config = checkpoint.config();
    long params = 0;
    TreeSet<String> dtypes = new TreeSet<>();
    for (HostTensor t : tensors.values()) {
      params += t.numel();
      dtypes.add(t.dtype().name());
    }
    Object nameOrPath = checkpoint.declared().get("_name_or_path");
    return new EmbedderInfo(
        file,
        checkpoint.format(),
        config.numLayers(),
        config.hiddenSize(),
        config.projectionSize(),
        tensors.size(),
        params,
        dtypes.size() == 1 ? dtypes.first() : "mixed",
        EmbedderName.of(path.toString(), nameOrPath instanceof String s ? s : null));
  }

  /**
   * Which embedder {@code path} (a folder or weight file) is, from its name and its folder's
   * config.json alone (the weights are not read).
   */
  public static String nameOf(Path path) throws CheckpointException {
    Path config = (Files.isDirectory(path) ? path : path.toAbsolutePath().getParent())
        .resolve("config.json");
    String nameOrPath = null;
    if (Files.isRegularFile(config)) {
      JsonNode id = readConfig(config).path("_name_or_path");
      nameOrPath = id.isTextual() ? id.asText() : null;
    }
    return EmbedderName.of(path.toString(), nameOrPath);
  }

  private static JsonNode readConfig(Path config) throws CheckpointException {
    try {
      return new ObjectMapper().readTree(config.toFile());
    } catch (IOException e) {
      throw new CheckpointException(config, "malformed config.json: " + e.getMessage(), e);
    }
  }
}
