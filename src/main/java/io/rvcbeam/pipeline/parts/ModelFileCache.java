package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.storage.Uris;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local copy of remote model files (gs://…), made once per machine and reused while the
 * source is unchanged. The checkpoint and index readers need random access to a local file.
 *
 * <p>Each source URI has its own folder under the cache root ({@link #shared}). Next to each copy, a {@code .source} file records
 * the source's size and checksum (GCS: MD5) as Beam's {@code match} reported them; a copy is
 * reused only while they still match. A copy is written to a temporary name, its size and MD5
 * checked against the source, and moved into place atomically, then its {@code .source} file is
 * written the same way; an in-JVM lock and a file lock on the folder keep threads and JVMs that
 * start together from copying the same file at once.
 */
public final class ModelFileCache {

  private static final Logger LOG = LoggerFactory.getLogger(ModelFileCache.class);
  private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;

  public ModelFileCache(Path root) {
    this.root = root;
  }

  /**
   * The cache under the system property {@code rvc.modelCache}, the environment variable {@code
   * RVC_MODEL_CACHE}, or the temporary folder.
   */
  static ModelFileCache shared() {
    String configured = System.getProperty("rvc.modelCache", System.getenv("RVC_MODEL_CACHE"));
    return new ModelFileCache(
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("java.io.tmpdir"), "rvc-beam-model-cache"));
  }

  /** A local copy of one remote file. */
  public Path file(String uri) throws IOException {
    Path folder = folderFor(uri);
    MatchResult.Metadata source = metadata(uri);
    if (source == null) {
      throw new FileNotFoundException("model file not found: " + uri);
    }
    return copy(folder, Uris.fileName(uri), source);
  }

  /**
   * A local folder holding those of {@code names} that exist in the remote folder {@code
   * folderUri} (ending in "/"); copies of names no longer there are removed.
   */
  Path folder(String folderUri, List<String> names) throws IOException {
    Path folder = folderFor(folderUri);
    boolean any = false;
    for (String name : names) {
      MatchResult.Metadata source = metadata(folderUri + name);
      if (source != null) {
        copy(folder, name, source);
        any = true;
      } else {
        withLocks(folder, () -> {
          Files.deleteIfExists(folder.resolve(name));
          Files.deleteIfExists(folder.resolve(name + ".source"));
          return null;
        });
      }
    }
    if (!any) {
      throw new FileNotFoundException(
          "model folder " + folderUri + " holds none of " + names);
    }
    return folder;
  }

  private Path folderFor(String uri) throws IOException {
    return Files.createDirectories(root.resolve(sha256(uri).substring(0, 24)));
  }

  private Path copy(Path folder, String name, MatchResult.Metadata source) throws IOException {
    Path target = folder.resolve(name);
    Path record = folder.resolve(name + ".source");
    String expected = describe(source);
    if (isCurrent(target, record, expected, source.sizeBytes())) {
      return target;
    }
    return withLocks(folder, () -> {
      // Another thread or JVM may have copied it while this one waited.
      if (isCurrent(target, record, expected, source.sizeBytes())) {
        return target;
      }
      String uri = source.resourceId().toString();
      long start = System.nanoTime();
      Path partial = folder.resolve(name + ".partial-" + UUID.randomUUID());
      try {
        Uris.retrying(uri, () -> download(source, partial));
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
      writeAtomically(record, expected);
      LOG.info("copied {} ({} bytes) to {} in {} s", uri, source.sizeBytes(), target,
          String.format("%.1f", (System.nanoTime() - start) / 1e9));
      return target;
    });
  }

  /** One try: copies the source to {@code partial}, checking its size and MD5. */
  private static Void download(MatchResult.Metadata source, Path partial) throws IOException {
    MessageDigest md5 = md5();
    long copied;
    try (InputStream in =
            new DigestInputStream(
                Channels.newInputStream(FileSystems.open(source.resourceId())), md5);
        OutputStream out =
            Files.newOutputStream(
                partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
      copied = in.transferTo(out);
    }
    String uri = source.resourceId().toString();
    if (copied != source.sizeBytes()) {
      throw new IOException(
          "copy of " + uri + " has " + copied + " bytes, the source " + source.sizeBytes());
    }
    String checksum = source.checksum();
    if (checksum != null && isBase64Md5(checksum)) {
      String actual = Base64.getEncoder().encodeToString(md5.digest());
      if (!actual.equals(checksum)) {
        throw new IOException(
            "copy of " + uri + " has MD5 " + actual + ", the source " + checksum);
      }
    }
    return null;
  }

  private static boolean isCurrent(Path target, Path record, String expected, long size)
      throws IOException {
    return Files.isRegularFile(target)
        && Files.isRegularFile(record)
        && Files.size(target) == size
        && Files.readString(record, StandardCharsets.UTF_8).equals(expected);
  }

  /** What identifies the source's content: size and checksum, else size and modification time. */
  private static String describe(MatchResult.Metadata source) {
    String identity =
        source.checksum() != null
            ? "checksum " + source.checksum()
            : "modified " + source.lastModifiedMillis();
    return source.resourceId() + "\nsize " + source.sizeBytes() + "\n" + identity + "\n";
  }

  /** The source's metadata, or null when it does not exist. */
  private static MatchResult.Metadata metadata(String uri) throws IOException {
    return Uris.retrying(uri, () -> {
      MatchResult match = FileSystems.match(List.of(uri), EmptyMatchTreatment.ALLOW).get(0);
      if (match.status() == MatchResult.Status.NOT_FOUND) {
        return null;
      }
      if (match.status() != MatchResult.Status.OK) {
        throw new IOException("cannot read the metadata of " + uri + ": " + match.status());
      }
      List<MatchResult.Metadata> files = match.metadata();
      if (files.isEmpty()) {
        return null;
      }
      ResourceId expected = FileSystems.matchNewResource(uri, false);
      for (MatchResult.Metadata file : files) {
        if (file.resourceId().equals(expected)) {
          return file;
        }
      }
      return files.size() == 1 ? files.get(0) : null;
    });
  }

  private interface Locked<T> {
    T run() throws IOException;
  }

  /** Runs {@code body} holding this JVM's lock on {@code folder} and a file lock inside it. */
  private static <T> T withLocks(Path folder, Locked<T> body) throws IOException {
    Object jvmLock = JVM_LOCKS.computeIfAbsent(folder.toAbsolutePath(), k -> new Object());
    synchronized (jvmLock) {
      try (FileChannel channel =
              FileChannel.open(
                  folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        return body.run();
      }
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial-" + UUID.randomUUID());
    try {
      Files.writeString(partial, text, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static boolean isBase64Md5(String checksum) {
    try {
      return Base64.getDecoder().decode(checksum).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
