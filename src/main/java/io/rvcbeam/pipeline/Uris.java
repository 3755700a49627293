package io.rvcbeam.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/** Whole-file reads through Beam file systems (local paths, gs://, …). */
final class Uris {

  private Uris() {}

  /** The bytes of one file; {@link FileNotFoundException} when it is not there. */
  static byte[] readAll(String uri) throws IOException {
    MatchResult.Metadata metadata;
    try {
      metadata = FileSystems.matchSingleFileSpec(uri);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("input not found: " + uri);
    }
    try (ReadableByteChannel channel = FileSystems.open(metadata.resourceId());
        InputStream in = Channels.newInputStream(channel)) {
      ByteArrayOutputStream bytes =
          new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, metadata.sizeBytes()));
      in.transferTo(bytes);
      return bytes.toByteArray();
    }
  }

  /** The last path segment of a URI. */
  static String fileName(String uri) {
    String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
