package io.rvcbeam.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Whole-file reads through Beam file systems (local paths, gs://, …). */
final class Uris {

  private Uris() {}

  /**
   * The bytes of one file; {@link FileNotFoundException} when it is not there. Opens the name as
   * it is (no glob matching: song names like "Live [1].wav" are common).
   */
  static byte[] readAll(String uri) throws IOException {
    try (ReadableByteChannel channel = open(uri);
        InputStream in = Channels.newInputStream(channel)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
      in.transferTo(bytes);
      return bytes.toByteArray();
    }
  }

  /** Whether a file exists, by opening it (no glob matching). */
  static boolean exists(String uri) throws IOException {
    try (ReadableByteChannel channel = open(uri)) {
      return true;
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  private static ReadableByteChannel open(String uri) throws IOException {
    ResourceId resource = FileSystems.matchNewResource(uri, false);
    try {
      return FileSystems.open(resource);
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new FileNotFoundException("input not found: " + uri);
    }
  }

  /** The local file a URI names (a plain path or file:…), or null for other file systems. */
  static Path localPath(String uri) {
    if (uri.startsWith("file:")) {
      return Path.of(URI.create(uri));
    }
    return uri.contains("://") ? null : Path.of(uri);
  }

  /** The last path segment of a URI. */
  static String fileName(String uri) {
    String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
