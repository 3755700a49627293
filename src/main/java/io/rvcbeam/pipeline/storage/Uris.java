package io.rvcbeam.pipeline.storage;

import io.rvcbeam.pipeline.values.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-file reads through Beam file systems (local paths, gs://, …), retried on transient
 * storage errors.
 *
 * <p>Beam's GCS client retries failed HTTP calls itself, but a read can still fail part-way (a
 * connection reset mid-body, a 5xx after its own retries ran out). Such an error says nothing
 * about the song, so a whole read (and, in {@link WriteAudio}, a whole write) is tried again a
 * few times before it becomes the song's dead letter. A missing file is final at once.
 */
public final class Uris {

  private static final Logger LOG = LoggerFactory.getLogger(Uris.class);

  /** Whole reads of one file before its error counts. */
  public static final int ATTEMPTS = 4;

  private static final long FIRST_BACKOFF_MILLIS = 500;

  private Uris() {}

  /** One try of a read; it starts from the beginning each time. */
  public interface Read<T> {
    T run() throws IOException;
  }

  /**
   * The bytes of one file; {@link FileNotFoundException} when it is not there. Opens the name as
   * it is (no glob matching: song names like "Live [1].wav" are common).
   */
  public static byte[] readAll(String uri) throws IOException {
    return retrying(uri, () -> {
      try (InputStream in = Channels.newInputStream(open(uri))) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        in.transferTo(bytes);
        return bytes.toByteArray();
      }
    });
  }

  /** What one read takes from an opened file; it need not read to the end. */
  public interface StreamRead<T> {
    T from(InputStream in) throws IOException;
  }

  /** {@code read} over one file from its start (retried as {@link #readAll} is). */
  public static <T> T read(String uri, StreamRead<T> read) throws IOException {
    return retrying(uri, () -> {
      try (InputStream in = Channels.newInputStream(open(uri))) {
        return read.from(in);
      }
    });
  }

  /** Copies one file to a local file (replaced), returning the bytes copied. */
  public static long copyTo(String uri, Path target) throws IOException {
    return retrying(uri, () -> {
      try (InputStream in = Channels.newInputStream(open(uri));
          OutputStream out =
              Files.newOutputStream(
                  target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
        return in.transferTo(out);
      }
    });
  }

  /** What is done with a file on the local disk. */
  public interface LocalUse<T> {
    T with(Path file) throws Exception;
  }

  /**
   * {@code use} on the URI as a local file: the file itself when it is local, otherwise a copy in
   * a temporary folder that is deleted afterwards, so a long song is never held in memory as
   * bytes. {@link FileNotFoundException} ("input not found: …") when a local file is missing.
   */
  public static <T> T asLocalFile(String uri, LocalUse<T> use) throws Exception {
    Path local = localPath(uri);
    if (local != null) {
      if (!Files.isRegularFile(local)) {
        throw new FileNotFoundException("input not found: " + uri);
      }
      return use.with(local);
    }
    Path dir = Files.createTempDirectory("rvc-beam-input");
    Path copy = dir.resolve(fileName(uri));
    try {
      copyTo(uri, copy);
      return use.with(copy);
    } finally {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(dir);
    }
  }

  /** Whether a file exists, by opening it (no glob matching). */
  public static boolean exists(String uri) throws IOException {
    return retrying(uri, () -> {
      try (ReadableByteChannel channel = open(uri)) {
        return true;
      } catch (FileNotFoundException e) {
        return false;
      }
    });
  }

  /** Runs {@code read} until it succeeds, fails for a missing file, or fails {@link #ATTEMPTS} times. */
  public static <T> T retrying(String uri, Read<T> read) throws IOException {
    return retrying(uri, read, ATTEMPTS, FIRST_BACKOFF_MILLIS);
  }

  public static <T> T retrying(String uri, Read<T> read, int attempts, long firstBackoffMillis)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.run();
      } catch (FileNotFoundException | NoSuchFileException e) {
        throw e;
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw e;
        }
        pause(uri, attempt, e, firstBackoffMillis);
      }
    }
  }

  /** Logs a failed try of a read or write of {@code uri} and waits before the next one. */
  public static void pause(String uri, int attempt, IOException error) throws IOException {
    pause(uri, attempt, error, FIRST_BACKOFF_MILLIS);
  }

  private static void pause(String uri, int attempt, IOException error, long firstBackoffMillis)
      throws IOException {
    LOG.warn("storage call on {} failed (try {}), trying again: {}", uri, attempt,
        DeadLetter.describe(error));
    try {
      Thread.sleep(firstBackoffMillis << (attempt - 1));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      error.addSuppressed(interrupted);
      throw error;
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
  public static Path localPath(String uri) {
    if (uri.startsWith("file:")) {
      return Path.of(URI.create(uri));
    }
    return uri.contains("://") ? null : Path.of(uri);
  }

  /** The last path segment of a URI. */
  public static String fileName(String uri) {
    String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
