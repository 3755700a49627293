package io.rvcbeam.pipeline.storage;

import io.rvcbeam.pipeline.WriteAudio;
import io.rvcbeam.pipeline.coders.AudioCoders;
import io.rvcbeam.pipeline.coders.DeadLetterCoder;
import io.rvcbeam.pipeline.report.SongReport;
import io.rvcbeam.pipeline.values.ConvertedChunk;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.SongContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The durable progress of a run, in {@code <output>/.rvc-work/} on any Beam file system:
 *
 * <pre>
 * songs/&lt;song folder&gt;/context-&lt;key&gt;.bin           what stitching needs besides the chunks
 * songs/&lt;song folder&gt;/chunk-&lt;key&gt;-&lt;i&gt;-of-&lt;n&gt;.bin   one converted chunk
 * songs/&lt;song folder&gt;/failed-&lt;key&gt;-&lt;i&gt;.bin        why chunk i failed (this run only)
 * reports/&lt;song folder&gt;.json                     the song's report line, until merged
 * lock.json                                        the live run's lease ({@link RunLock})
 * </pre>
 *
 * The song folder is a hash of the song id (ids may hold glob characters); the key ({@link
 * WorkKey}) names what the bytes depend on. Every file is written to a partial name and renamed,
 * so a file that exists is whole. A song's folder is deleted once the song is written or
 * failed.
 */
public final class WorkFolder implements Serializable {

  public static final String NAME = ".rvc-work";

  private final String outputLocation;

  public WorkFolder(String outputLocation) {
    this.outputLocation = outputLocation;
  }

  public ResourceId root() {
    return FileSystems.matchNewResource(outputLocation, true)
        .resolve(NAME, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  ResourceId file(String relative) {
    return root().resolve(relative, StandardResolveOptions.RESOLVE_FILE);
  }

  private ResourceId songFile(String songId, String name) {
    return root()
        .resolve("songs", StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(WorkKey.folderName(songId), StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  // ---- chunks and contexts ----

  public void writeContext(String key, SongContext context) throws Exception {
    write(songFile(context.song().id(), "context-" + key + ".bin"),
        encode(AudioCoders.songContext(), context));
  }

  public SongContext readContext(String songId, String key) throws IOException {
    return decode(AudioCoders.songContext(),
        Uris.readAll(songFile(songId, "context-" + key + ".bin").toString()));
  }

  public void writeChunk(String key, ConvertedChunk chunk) throws Exception {
    write(songFile(chunk.songId(), chunkName(key, chunk.index(), chunk.count())),
        encode(AudioCoders.convertedChunk(), chunk));
  }

  public ConvertedChunk readChunk(String songId, String key, int index, int count) throws IOException {
    return decode(AudioCoders.convertedChunk(),
        Uris.readAll(songFile(songId, chunkName(key, index, count)).toString()));
  }

  /** A saved chunk's audio length, read from the start of its file only. */
  public int chunkSamples(String songId, String key, int index, int count) throws IOException {
    return Uris.read(songFile(songId, chunkName(key, index, count)).toString(),
        AudioCoders::convertedChunkSamples);
  }

  public void writeFailure(String key, int index, DeadLetter letter) throws Exception {
    write(songFile(letter.songId(), "failed-" + key + "-" + index + ".bin"),
        encode(DeadLetterCoder.of(), letter));
  }

  /** The first failure of the song's chunks (lowest index) in this run, or null. */
  public DeadLetter firstFailure(String songId, String key) throws IOException {
    TreeMap<Integer, ResourceId> failures = new TreeMap<>();
    String prefix = "failed-" + key + "-";
    for (ResourceId file : list(songFile(songId, prefix + "*.bin").toString())) {
      String name = file.getFilename();
      failures.put(Integer.parseInt(name.substring(prefix.length(), name.length() - 4)), file);
    }
    if (failures.isEmpty()) {
      return null;
    }
    return decode(DeadLetterCoder.of(), Uris.readAll(failures.firstEntry().getValue().toString()));
  }

  /** Indices of the song's chunks that are durable under {@code key} for a song of {@code count}. */
  public Set<Integer> doneChunks(String songId, String key, int count) throws IOException {
    Set<Integer> done = new TreeSet<>();
    String prefix = "chunk-" + key + "-";
    String suffix = "-of-" + count + ".bin";
    for (ResourceId file : list(songFile(songId, prefix + "*" + suffix).toString())) {
      String name = file.getFilename();
      done.add(Integer.parseInt(name.substring(prefix.length(), name.length() - suffix.length())));
    }
    return done;
  }

  /** Indices that ended, converted or failed, in this run or (converted) before. */
  public int endedChunks(String songId, String key, int count) throws IOException {
    Set<Integer> ended = doneChunks(songId, key, count);
    String prefix = "failed-" + key + "-";
    for (ResourceId file : list(songFile(songId, prefix + "*.bin").toString())) {
      String name = file.getFilename();
      ended.add(Integer.parseInt(name.substring(prefix.length(), name.length() - 4)));
    }
    return ended.size();
  }

  /** Deletes the song's work files (every key), and its folder where folders exist. */
  public void deleteSong(String songId) throws IOException {
    ResourceId any = songFile(songId, "*");
    delete(list(any.toString()));
    deleteEmptyLocalFolder(any.getCurrentDirectory());
  }

  /** Deletes the failure records of earlier runs: their chunks are tried again. */
  void deleteFailureRecords() throws IOException {
    delete(list(root().toString() + "songs/*/failed-*"));
  }

  // ---- report lines ----

  public void writeReportLine(SongReport report) throws Exception {
    write(file("reports/" + WorkKey.folderName(report.songId()) + ".json"),
        new ObjectMapper().writeValueAsBytes(report));
  }

  /** The report lines written since the last merge, with the files that hold them. */
  public List<ResourceId> reportFiles() throws IOException {
    return list(file("reports/*.json").toString());
  }

  public static SongReport readReportLine(ResourceId file) throws IOException {
    return new ObjectMapper().readValue(Uris.readAll(file.toString()), SongReport.class);
  }

  // ---- helpers ----

  static List<ResourceId> list(String spec) throws IOException {
    MatchResult match = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK) {
      return List.of();
    }
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : match.metadata()) {
      if (!m.resourceId().isDirectory()) {
        files.add(m.resourceId());
      }
    }
    return files;
  }

  public static void delete(List<ResourceId> files) throws IOException {
    if (!files.isEmpty()) {
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }

  /**
   * Removes empty local folders under {@code dir} and {@code dir} itself (object stores have no
   * folders to leave behind; Beam's file systems do not delete folders).
   */
  public static void deleteEmptyLocalFolder(ResourceId dir) {
    Path local = Uris.localPath(dir.toString());
    if (local == null || !Files.isDirectory(local)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(local)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        try (Stream<Path> children = Files.isDirectory(p) ? Files.list(p) : Stream.empty()) {
          if (Files.isDirectory(p) && children.findAny().isEmpty()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      // Best effort: an empty folder left behind is harmless.
    }
  }

  static void write(ResourceId file, byte[] bytes) throws Exception {
    AtomicWrite.write(file.toString(), bytes, "application/octet-stream");
  }

  private static <T> byte[] encode(Coder<T> coder, T value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    coder.encode(value, bytes);
    return bytes.toByteArray();
  }

  private static <T> T decode(Coder<T> coder, byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      throw new FileNotFoundException("empty work file");
    }
    return coder.decode(new ByteArrayInputStream(bytes));
  }

  static String chunkName(String key, int index, int count) {
    return "chunk-" + key + "-" + index + "-of-" + count + ".bin";
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
