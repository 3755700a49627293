package io.rvcbeam.pipeline.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Whole-file writes through Beam's {@code FileSystems} (local, {@code gs://}): a reader never sees
 * a half-written file, and a crash leaves only a {@code .partial-*} file behind.
 */
public final class AtomicWrite {

  private AtomicWrite() {}

  /** Writes {@code bytes} to {@code uri} via a partial file and a rename. */
  public static void write(String uri, byte[] bytes, String mimeType) throws Exception {
    write(uri, mimeType, out -> out.write(bytes));
  }

  /** What {@link #write(String, String, Body)} writes. */
  public interface Body {
    void writeTo(OutputStream out) throws Exception;
  }

  /**
   * Streams {@code body} to {@code uri} via a partial file and a rename; the partial file is
   * deleted when {@code body} fails. A storage error (an {@code IOException}) starts the whole
   * write again, a few times, before it counts: it says nothing about the song.
   */
  public static void write(String uri, String mimeType, Body body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        writeOnce(uri, mimeType, body);
        return;
      } catch (IOException e) {
        if (attempt >= Uris.ATTEMPTS) {
          throw e;
        }
        Uris.pause(uri, attempt, e);
      }
    }
  }

  private static void writeOnce(String uri, String mimeType, Body body) throws Exception {
    ResourceId target = FileSystems.matchNewResource(uri, false);
    String partialName = target.getFilename() + ".partial-" + UUID.randomUUID();
    ResourceId partial =
        target.getCurrentDirectory().resolve(partialName, StandardResolveOptions.RESOLVE_FILE);
    try (WritableByteChannel channel = FileSystems.create(partial, mimeType);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
      body.writeTo(out);
    } catch (Exception e) {
      try {
        FileSystems.delete(List.of(partial), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      } catch (Exception cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    FileSystems.rename(List.of(partial), List.of(target));
  }
}
