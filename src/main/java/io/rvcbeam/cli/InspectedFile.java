package io.rvcbeam.cli;

import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.EmbedderInfo;
import io.rvcbeam.checkpoint.FaissIndex;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.IndexInfo;
import io.rvcbeam.checkpoint.Npy;
import io.rvcbeam.checkpoint.RmvpeInfo;
import io.rvcbeam.checkpoint.Safetensors;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import io.rvcbeam.checkpoint.VoiceModelInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * One file given to {@code inspect}: what kind of file it is, told from its content (magic bytes
 * and keys) more than its name, and its facts.
 *
 * @param facts a {@link VoiceModelInfo}, {@link EmbedderInfo}, {@link RmvpeInfo}, {@link
 *     IndexInfo}, {@link ArrayFacts} or {@link TensorsFacts}
 */
record InspectedFile(Path file, Kind kind, Object facts) {

  enum Kind {
    VOICE_MODEL("RVC voice model"),
    EMBEDDER("content encoder (HuBERT/ContentVec)"),
    RMVPE("RMVPE pitch model"),
    INDEX("FAISS retrieval index"),
    NPY("NumPy array"),
    TENSORS("tensor checkpoint");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** A {@code .npy} array. */
  record ArrayFacts(Path file, String dtype, long[] shape) {}

  /** A checkpoint of tensors of no known model. */
  record TensorsFacts(Path file, int tensorCount, long parameterCount, String dtypes) {}

  static InspectedFile inspect(Path file) throws CheckpointException {
    if (Files.isDirectory(file)) {
      return new InspectedFile(file, Kind.EMBEDDER, EmbedderInfo.read(file));
    }
    String magic = magic(file);
    String name = file.getFileName().toString();
    if (magic.startsWith("\u0093NUMPY")) {
      HostTensor t = Npy.read(file);
      return new InspectedFile(file, Kind.NPY, new ArrayFacts(file, t.dtype().name(), t.shape()));
    }
    if (magic.startsWith("IwFl") || magic.startsWith("IvF") || name.endsWith(".index")) {
      return new InspectedFile(file, Kind.INDEX, IndexInfo.of(FaissIndex.read(file)));
    }
    if (name.endsWith(".safetensors")) {
      return ofTensors(file, Safetensors.read(file));
    }
    TorchCheckpoint ckpt = TorchCheckpoint.read(file);
    if (VoiceModelInfo.isVoiceModel(ckpt)) {
      return new InspectedFile(file, Kind.VOICE_MODEL, VoiceModelInfo.of(ckpt));
    }
    return ofTensors(file, ckpt.tensors());
  }

  private static InspectedFile ofTensors(Path file, Map<String, HostTensor> tensors)
      throws CheckpointException {
    if (RmvpeInfo.isRmvpe(tensors)) {
      return new InspectedFile(file, Kind.RMVPE, RmvpeInfo.of(file, tensors));
    }
    if (EmbedderInfo.isEmbedder(tensors)) {
      // read again as the content encoder loads it: with its config.json or fairseq config
      return new InspectedFile(file, Kind.EMBEDDER, EmbedderInfo.read(file));
    }
    long params = 0;
    TreeSet<String> dtypes = new TreeSet<>();
    for (HostTensor t : tensors.values()) {
      params += t.numel();
      dtypes.add(t.dtype().name());
    }
    return new InspectedFile(
        file,
        Kind.TENSORS,
        new TensorsFacts(file, tensors.size(), params, String.join(",", dtypes)));
  }

  private static String magic(Path file) throws CheckpointException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(8), StandardCharsets.ISO_8859_1);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CheckpointException(file, "no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
    }
  }
}
