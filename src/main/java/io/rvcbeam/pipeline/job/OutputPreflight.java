package io.rvcbeam.pipeline.job;

import io.rvcbeam.pipeline.storage.WorkFolder;
import io.rvcbeam.pipeline.values.DeadLetter;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Before any model loads: the output location is created (local file systems create folders on
 * write) and proven writable by writing and deleting a probe file, so a read-only or mistyped
 * location fails in a second, not after every song was converted.
 */
public final class OutputPreflight {

  private OutputPreflight() {}

  /** @throws OutputLocationException one line naming the location and the reason */
  public static void check(String outputLocation) {
    ResourceId probe;
    try {
      probe =
          FileSystems.matchNewResource(outputLocation, true)
              .resolve(".rvc-probe-" + UUID.randomUUID(), StandardResolveOptions.RESOLVE_FILE);
    } catch (RuntimeException e) {
      throw new OutputLocationException(
          "output location " + outputLocation + " is not a usable location: "
              + DeadLetter.describe(e), e);
    }
    try {
      try (WritableByteChannel channel = FileSystems.create(probe, "text/plain");
          OutputStream out = Channels.newOutputStream(channel)) {
        out.write(WorkFolder.utf8("rvc-beam write probe\n"));
      }
      FileSystems.delete(List.of(probe), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (Exception e) {
      throw new OutputLocationException(
          "output location " + outputLocation + " cannot be written: " + DeadLetter.describe(e),
          e);
    }
  }
}
