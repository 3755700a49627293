package io.rvcbeam.pipeline.storage;

import io.rvcbeam.pipeline.job.OutputLocationException;
import io.rvcbeam.pipeline.values.DeadLetter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live run per output location: a lease in {@code .rvc-work/lock.json} that the launcher
 * renews every {@link #HEARTBEAT_SECONDS}. A lock is stale, and taken over, when its heartbeat is
 * older than {@link #LEASE_SECONDS}, or at once when it names a process of this host that is
 * gone (a {@code kill -9} on the same machine). Beam file systems have no create-if-absent, so
 * two runs starting in the same second could both win; each reads the lock back after writing
 * it, which narrows that to the time of one write.
 */
public final class RunLock implements AutoCloseable {

  static final long HEARTBEAT_SECONDS = 10;
  static final long LEASE_SECONDS = 60;

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  /** What the lock file holds. */
  record Holder(String runId, String host, long pid, long heartbeatMillis) {}

  private final ResourceId file;
  private final Holder self;
  private final ScheduledExecutorService heartbeat;

  private RunLock(ResourceId file, Holder self) {
    this.file = file;
    this.self = self;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rvc-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    heartbeat.scheduleAtFixedRate(
        this::renew, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Takes the output location's lock.
   *
   * @throws OutputLocationException when another live run holds it (one line naming the location)
   */
  public static RunLock acquire(String outputLocation) throws IOException {
    ResourceId file = new WorkFolder(outputLocation).file("lock.json");
    Holder other = read(file);
    if (other != null && isLive(other)) {
      throw new OutputLocationException(describe(outputLocation, other));
    }
    Holder self =
        new Holder(UUID.randomUUID().toString(), host(), ProcessHandle.current().pid(),
            System.currentTimeMillis());
    write(file, self);
    Holder back = read(file);
    if (back == null || !back.runId().equals(self.runId())) {
      throw new OutputLocationException(describe(outputLocation, back));
    }
    return new RunLock(file, self);
  }

  private static String describe(String outputLocation, Holder other) {
    if (other == null) {
      return "output location " + outputLocation + " is being taken by another run";
    }
    long age = Math.max(0, (System.currentTimeMillis() - other.heartbeatMillis()) / 1000);
    return "output location " + outputLocation + " is in use by another run (host "
        + other.host() + ", process " + other.pid() + ", alive " + age + " s ago); wait for it"
        + " to finish, or if it died elsewhere, " + Math.max(1, LEASE_SECONDS - age)
        + " s for its lock to expire";
  }

  static boolean isLive(Holder holder) {
    long age = System.currentTimeMillis() - holder.heartbeatMillis();
    if (age > LEASE_SECONDS * 1000) {
      return false;
    }
    if (holder.host().equals(host())) {
      return ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
    }
    return true;
  }

  private void renew() {
    try {
      write(file, new Holder(self.runId(), self.host(), self.pid(), System.currentTimeMillis()));
    } catch (Exception e) {
      LOG.warn("could not renew the run lock {}: {}", file, DeadLetter.describe(e));
    }
  }

  /** Stops the heartbeat and removes the lock if it is still this run's. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Holder now = read(file);
      if (now != null && now.runId().equals(self.runId())) {
        FileSystems.delete(List.of(file), StandardMoveOptions.IGNORE_MISSING_FILES);
        // A finished run leaves no empty work folders (its songs' files went as they were written).
        WorkFolder.deleteEmptyLocalFolder(file.getCurrentDirectory());
      }
    } catch (IOException e) {
      LOG.warn("could not remove the run lock {}: {}", file, DeadLetter.describe(e));
    }
  }

  private static Holder read(ResourceId file) throws IOException {
    try {
      return new ObjectMapper().readValue(Uris.readAll(file.toString()), Holder.class);
    } catch (FileNotFoundException e) {
      return null;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return null; // not a lock this program wrote: treat as absent
    }
  }

  private static void write(ResourceId file, Holder holder) throws IOException {
    try {
      WorkFolder.write(file, new ObjectMapper().writeValueAsBytes(holder));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
