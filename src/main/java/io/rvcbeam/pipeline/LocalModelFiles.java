package io.rvcbeam.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Local paths for model files named by URI. Local files are used where they are; files on other
 * file systems (gs://) are copied once per worker into a temporary folder, because the
 * checkpoint readers and FFmpeg need random access.
 */
final class LocalModelFiles {

  /** File names a content-encoder folder may hold (Hugging Face layout). */
  private static final List<String> EMBEDDER_FILES =
      List.of("config.json", "pytorch_model.bin", "model.safetensors");

  private LocalModelFiles() {}

  static Path file(String uri) throws IOException {
    Path local = Uris.localPath(uri);
    if (local != null) {
      return local;
    }
    Path dir = Files.createTempDirectory("rvc-beam-model");
    return copy(uri, dir.resolve(Uris.fileName(uri)));
  }

  /** A content encoder: a single weight file, or a folder in the Hugging Face layout. */
  static Path embedder(String uri) throws IOException {
    Path local = Uris.localPath(uri);
    if (local != null) {
      return local;
    }
    if (!uri.endsWith("/")) {
      return file(uri);
    }
    Path dir = Files.createTempDirectory("rvc-beam-embedder");
    for (String name : EMBEDDER_FILES) {
      if (Uris.exists(uri + name)) {
        copy(uri + name, dir.resolve(name));
      }
    }
    return dir;
  }

  private static Path copy(String uri, Path target) throws IOException {
    ResourceId resource = FileSystems.matchNewResource(uri, false);
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource))) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    target.toFile().deleteOnExit();
    return target;
  }
}
