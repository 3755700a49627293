package io.rvcbeam.pipeline.storage;

import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.job.JobPlan;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.VoiceModel;
import io.rvcbeam.pipeline.values.Song;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * What a song's converted chunks depend on, as one short hex key: the song (id, input and its
 * size and modification time, settings), its voice's files, the shared models, how the networks
 * run (device, dtype, chunking, batch size, libtorch threads: the thread count changes the low bits) and the
 * program version. Work files carry the key in their names, so a rerun with anything changed
 * never reuses a chunk of another configuration.
 *
 * <p>File identity is name + size + modification time (what {@code make} trusts), not a hash of
 * the bytes: hashing every input and model on every worker would cost a read of each.
 *
 * <p>One value per job ({@link #of(JobPlan)}), serializable so the stages that read and write
 * the work folder carry it to the workers.
 */
public final class WorkKey implements Serializable {

  /** Bumped when the work-file layout or chunk numerics change within one version string. */
  static final String FORMAT = "work-2";

  private static final Map<String, String> FILE_IDENTITY = new ConcurrentHashMap<>();

  private final Map<String, VoiceModel> voices;
  private final ModelFiles models;
  private final OptimizationConfig optimization;

  private WorkKey(
      Map<String, VoiceModel> voices, ModelFiles models, OptimizationConfig optimization) {
    this.voices = new TreeMap<>(voices);
    this.models = models;
    this.optimization = optimization;
  }

  /** The keys of {@code plan}'s songs: its voices, shared models and how the networks run. */
  public static WorkKey of(JobPlan plan) {
    return new WorkKey(plan.voices(), plan.models(), plan.optimization());
  }

  /** The key of {@code song}'s chunks; 16 hex digits. */
  public String forSong(Song song) throws IOException {
    VoiceModel voice = voices.get(song.voice());
    if (voice == null) {
      throw new IllegalArgumentException(
          "unknown voice '" + song.voice() + "'; voices: " + voices.keySet());
    }
    StringBuilder text = new StringBuilder();
    line(text, FORMAT);
    line(text, version());
    line(text, song.id());
    line(text, song.inputUri());
    line(text, identity(song.inputUri(), false));
    line(text, song.voice() + " " + song.instrumentalUri() + " " + song.settings());
    line(text, identity(voice.modelUri(), true));
    line(text, voice.indexUri() == null ? "no index" : identity(voice.indexUri(), true));
    line(text, identity(models.embedderUri(), true));
    line(text, identity(models.pitchModelUri(), true));
    var opt = optimization;
    line(text, opt.device() + " " + opt.dtype() + " " + opt.chunking() + " batchSize="
        + opt.batchSize() + " gpuRetrieval="
        + opt.gpuRetrieval() + " gpuFilter=" + opt.gpuFilter());
    line(text, "threads=" + System.getProperty("ai.djl.pytorch.num_threads", "default"));
    return sha256(text.toString()).substring(0, 16);
  }

  /** A name safe for any file system and glob, unique per song id: its folder in the work area. */
  public static String folderName(String songId) {
    return sha256(songId).substring(0, 20);
  }

  private static void line(StringBuilder text, String value) {
    text.append(value).append('\n');
  }

  private static String version() {
    String version = WorkKey.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /**
   * URI, size and modification time of a file (for a folder: of each file in it). Model files
   * are cached per JVM (they do not change during a run); inputs are asked each time.
   */
  private static String identity(String uri, boolean cache) throws IOException {
    if (!cache) {
      return describe(uri);
    }
    String known = FILE_IDENTITY.get(uri);
    if (known != null) {
      return known;
    }
    String described = describe(uri);
    FILE_IDENTITY.put(uri, described);
    return described;
  }

  private static String describe(String uri) throws IOException {
    Path local = Uris.localPath(uri);
    if (local != null) {
      if (Files.isDirectory(local)) {
        StringBuilder all = new StringBuilder(uri);
        try (Stream<Path> files = Files.list(local)) {
          for (Path file : (Iterable<Path>) files.sorted()::iterator) {
            all.append(' ').append(describe(file.toString()));
          }
        }
        return all.toString();
      }
      BasicFileAttributes a = Files.readAttributes(local, BasicFileAttributes.class);
      return uri + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    }
    try {
      MatchResult.Metadata m = FileSystems.matchSingleFileSpec(uri);
      return uri + " " + m.sizeBytes() + " " + m.lastModifiedMillis();
    } catch (IOException | RuntimeException e) {
      // An object store has no folders: a folder (the embedder's) is the objects under it.
      MatchResult folder = FileSystems.match(uri.endsWith("/") ? uri + "*" : uri + "/*");
      if (folder.status() == MatchResult.Status.OK && !folder.metadata().isEmpty()) {
        StringBuilder all = new StringBuilder(uri);
        folder.metadata().stream()
            .map(f -> f.resourceId() + " " + f.sizeBytes() + " " + f.lastModifiedMillis())
            .sorted()
            .forEach(f -> all.append(' ').append(f));
        return all.toString();
      }
      // Names with glob characters do not match themselves; the size still identifies the file.
      try (SeekableByteChannel channel =
          (SeekableByteChannel) FileSystems.open(FileSystems.matchNewResource(uri, false))) {
        return uri + " " + channel.size();
      }
    }
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
