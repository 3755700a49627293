package io.rvcbeam.checkpoint.hubert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Safetensors;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a content encoder: an HF directory ({@code config.json} with
 * {@code model.safetensors} or {@code pytorch_model.bin}), one of those weight files with its
 * {@code config.json} beside it, or a fairseq checkpoint ({@code hubert_base.pt}).
 *
 * @param source the weight file, named in errors
 * @param format {@code hf-safetensors}, {@code hf-pytorch} or {@code fairseq}
 * @param tensors the state dict as stored (HF or fairseq names)
 * @param declared config values by HF field name, from {@code config.json} or fairseq's pickled
 *     config; empty when there is none
 */
public record HubertCheckpoint(String source, String format, Map<String, HostTensor> tensors,
    Map<String, Object> declared) {

  private static final String CONFIG = "config.json";
  private static final String SAFETENSORS = "model.safetensors";
  private static final String TORCH_BIN = "pytorch_model.bin";

  public static HubertCheckpoint read(Path path) throws CheckpointException {
    if (Files.isDirectory(path)) {
      Path weights = path.resolve(SAFETENSORS);
      if (!Files.exists(weights)) {
        weights = path.resolve(TORCH_BIN);
      }
      if (!Files.exists(weights)) {
        throw new CheckpointException(path, "a content-encoder directory needs " + SAFETENSORS
            + " or " + TORCH_BIN);
      }
      return readWeights(weights);
    }
    return readWeights(path);
  }

  private static HubertCheckpoint readWeights(Path weights) throws CheckpointException {
    Path config = weights.toAbsolutePath().resolveSibling(CONFIG);
    Map<String, Object> declared = Files.isRegularFile(config) ? readConfig(config)
        : new LinkedHashMap<>();
    String source = weights.toString();
    if (weights.getFileName().toString().endsWith(".safetensors")) {
      return new HubertCheckpoint(source, "hf-safetensors", Safetensors.read(weights), declared);
    }
    TorchCheckpoint checkpoint = TorchCheckpoint.read(weights);
    boolean fairseq =
        checkpoint.root() instanceof Map<?, ?> root && root.get("model") instanceof Map<?, ?>;
    if (fairseq && declared.isEmpty()) {
      declared = FairseqConfig.declared((Map<?, ?>) checkpoint.root());
    }
    return new HubertCheckpoint(source, fairseq ? "fairseq" : "hf-pytorch", checkpoint.tensors(),
        declared);
  }

  /**
   * The network's sizes, read by the one reader that loading uses too ({@link
   * HubertConfigReader}), from the state dict in HF names and the declared values.
   *
   * @throws CheckpointException naming the file when the weights are not a usable encoder
   */
  public HubertConfig config() throws CheckpointException {
    try {
      return HubertConfigReader.read(source, HubertStateDict.normalise(tensors), declared);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(source, "not a usable content encoder: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readConfig(Path config) throws CheckpointException {
    try {
      return new ObjectMapper().readValue(config.toFile(), LinkedHashMap.class);
    } catch (IOException e) {
      throw new CheckpointException(config, "not a readable JSON config: " + e.getMessage(), e);
    }
  }
}
