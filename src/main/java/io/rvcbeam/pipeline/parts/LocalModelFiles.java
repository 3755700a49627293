package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.storage.Uris;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Local paths for model files named by URI. Local files are used where they are; files on other
 * file systems (gs://) come from the machine's {@link ModelFileCache}, copied once, because the
 * checkpoint readers need random access.
 */
public final class LocalModelFiles {

  /** File names a content-encoder folder may hold (Hugging Face layout). */
  private static final List<String> EMBEDDER_FILES =
      List.of("config.json", "pytorch_model.bin", "model.safetensors");

  private LocalModelFiles() {}

  /** The last path segment of a model URI (its file name), for messages. */
  public static String name(String uri) {
    return Uris.fileName(uri);
  }

  public static Path file(String uri) throws IOException {
    Path local = Uris.localPath(uri);
    return local != null ? local : ModelFileCache.shared().file(uri);
  }

  /** A content encoder: a single weight file, or a folder (URI ending in "/") in the Hugging Face layout. */
  public static Path embedder(String uri) throws IOException {
    Path local = Uris.localPath(uri);
    if (local != null) {
      return local;
    }
    ModelFileCache cache = ModelFileCache.shared();
    if (uri.endsWith("/")) {
      return cache.folder(uri, EMBEDDER_FILES);
    }
    try {
      return cache.file(uri);
    } catch (FileNotFoundException e) {
      // Object stores have no folders: "gs://b/contentvec" names the objects under it.
      return cache.folder(uri + "/", EMBEDDER_FILES);
    }
  }
}
