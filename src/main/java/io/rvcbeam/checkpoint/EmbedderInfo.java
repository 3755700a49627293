package io.rvcbeam.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts of a HuBERT / ContentVec content encoder: a Hugging Face directory ({@code config.json}
 * + {@code pytorch_model.bin} or {@code model.safetensors}), one of those files, or a fairseq
 * {@code hubert_base.pt}.
 *
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

  private static final Pattern LAYER = Pattern.compile("(?:^|\\.)encoder\\.layers\\.(\\d+)\\.");

  /** True for HF or fairseq HuBERT key names. */
  public static boolean isEmbedder(Map<String, HostTensor> tensors) {
    return tensors.keySet().stream().anyMatch(k -> k.contains("feature_extractor.conv_layers.0."));
  }

  /** Reads a directory, a {@code .safetensors} file or a torch checkpoint. */
  public static EmbedderInfo read(Path path) throws CheckpointException {
    if (Files.isDirectory(path)) {
      Path bin = path.resolve("pytorch_model.bin");
      Path st = path.resolve("model.safetensors");
      Path config = path.resolve("config.json");
      EmbedderInfo info;
      if (Files.exists(st)) {
        info = of(st, "hf-safetensors", Safetensors.read(st));
      } else if (Files.exists(bin)) {
        info = of(bin, "hf-pytorch", TorchCheckpoint.read(bin).tensors());
      } else {
        throw new CheckpointException(
            path, "directory holds neither pytorch_model.bin nor model.safetensors");
      }
      String nameOrPath = null;
      if (Files.exists(config)) {
        JsonNode json = readConfig(config);
        checkConfig(config, json, info);
        nameOrPath = json.path("_name_or_path").isTextual()
            ? json.path("_name_or_path").asText() : null;
      }
      return info.named(EmbedderName.of(path.toString(), nameOrPath));
    }
    if (path.getFileName().toString().endsWith(".safetensors")) {
      return of(path, "hf-safetensors", Safetensors.read(path));
    }
    TorchCheckpoint ckpt = TorchCheckpoint.read(path);
    boolean fairseq =
        ckpt.root() instanceof Map<?, ?> m
            && m.containsKey("model")
            && (m.containsKey("cfg") || m.containsKey("args"));
    return of(path, fairseq ? "fairseq" : "hf-pytorch", ckpt.tensors());
  }

  public static EmbedderInfo of(Path file, String format, Map<String, HostTensor> tensors)
      throws CheckpointException {
    if (!isEmbedder(tensors)) {
      throw new CheckpointException(
          file, "not a HuBERT/ContentVec content encoder (no feature_extractor.conv_layers keys)");
    }
    TreeSet<Integer> layers = new TreeSet<>();
    long params = 0;
    TreeSet<String> dtypes = new TreeSet<>();
    int hidden = 0;
    int proj = 0;
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      String k = e.getKey();
      HostTensor t = e.getValue();
      Matcher m = LAYER.matcher(k);
      if (m.find()) {
        layers.add(Integer.parseInt(m.group(1)));
      }
      params += t.numel();
      dtypes.add(t.dtype().name());
      if (k.endsWith("encoder.layer_norm.weight") && t.rank() == 1) {
        hidden = (int) t.dim(0);
      }
      if (k.endsWith("final_proj.weight") && t.rank() == 2) {
        proj = (int) t.dim(0);
        hidden = hidden == 0 ? (int) t.dim(1) : hidden;
      }
    }
    return new EmbedderInfo(
        file,
        format,
        layers.size(),
        hidden,
        proj,
        tensors.size(),
        params,
        dtypes.size() == 1 ? dtypes.first() : "mixed",
        EmbedderName.of(file.toString(), null));
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

  /** The same facts under another embedder name. */
  public EmbedderInfo named(String name) {
    return new EmbedderInfo(file, format, layers, hiddenWidth, finalProjWidth, tensorCount,
        parameterCount, storageDtype, name);
  }

  /** A config.json that disagrees with the weights is a broken download; say so. */
  private static JsonNode readConfig(Path config) throws CheckpointException {
    try {
      return new ObjectMapper().readTree(config.toFile());
    } catch (IOException e) {
      throw new CheckpointException(config, "malformed config.json: " + e.getMessage(), e);
    }
  }

  private static void checkConfig(Path config, JsonNode json, EmbedderInfo info)
      throws CheckpointException {
    int hidden = json.path("hidden_size").asInt(info.hiddenWidth());
    int layers = json.path("num_hidden_layers").asInt(info.layers());
    if (hidden != info.hiddenWidth() || layers != info.layers()) {
      throw new CheckpointException(
          config,
          "config.json says hidden_size "
              + hidden
              + " and "
              + layers
              + " layers but "
              + info.file().getFileName()
              + " holds width "
              + info.hiddenWidth()
              + " and "
              + info.layers()
              + " layers");
    }
  }
}
