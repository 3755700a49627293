package io.rvcbeam.pipeline.storage;

import io.rvcbeam.pipeline.values.Song;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * What dead runs left in an output location, removed by the next run once it holds the {@link
 * RunLock} (so no live run is writing them): partial files of interrupted writes, failure
 * records (failed chunks are tried again), and the work folders of songs that are written
 * already or no longer in the catalogue. Converted chunks of unwritten songs stay: they are the
 * progress a rerun resumes from. When the catalogue is listed on the workers (a job), the
 * launcher does not know it: then only partial files and failure records go, and a song's work
 * folder goes when the song is written ({@link FinishSongs}).
 */
public final class StaleFiles {

  private StaleFiles() {}

  /**
   * @param catalogue the catalogue's songs, or null when the launcher does not list them
   * @return how many files were removed
   */
  public static int remove(String outputLocation, List<Song> catalogue) throws IOException {
    WorkFolder work = new WorkFolder(outputLocation);
    String out = FileSystems.matchNewResource(outputLocation, true).toString();
    String root = work.root().toString();
    List<ResourceId> stale = new ArrayList<>();
    stale.addAll(WorkFolder.list(out + "*.partial-*"));
    stale.addAll(WorkFolder.list(root + "*.partial-*"));
    stale.addAll(WorkFolder.list(root + "reports/*.partial-*"));
    stale.addAll(WorkFolder.list(root + "songs/*/*.partial-*"));
    stale.addAll(WorkFolder.list(root + "songs/*/failed-*"));
    WorkFolder.delete(stale);
    int removed = stale.size();
    if (catalogue == null) {
      return removed;
    }

    Map<String, Song> byFolder = new HashMap<>();
    for (Song song : catalogue) {
      byFolder.put(WorkKey.folderName(song.id()), song);
    }
    Map<String, List<ResourceId>> folders = new HashMap<>();
    for (ResourceId file : WorkFolder.list(root + "songs/*/*")) {
      folders
          .computeIfAbsent(parentName(file), k -> new ArrayList<>())
          .add(file);
    }
    for (Map.Entry<String, List<ResourceId>> folder : folders.entrySet()) {
      Song song = byFolder.get(folder.getKey());
      if (song == null || Uris.exists(song.outputUri())) {
        WorkFolder.delete(folder.getValue());
        removed += folder.getValue().size();
        WorkFolder.deleteEmptyLocalFolder(
            work.root()
                .resolve("songs", StandardResolveOptions.RESOLVE_DIRECTORY)
                .resolve(folder.getKey(), StandardResolveOptions.RESOLVE_DIRECTORY));
      }
    }
    return removed;
  }

  /** The name of the folder holding {@code file} (as text: object stores have no folders). */
  static String parentName(ResourceId file) {
    String path = file.toString();
    int last = path.lastIndexOf('/');
    int before = path.lastIndexOf('/', last - 1);
    return path.substring(before + 1, last);
  }
}
