package io.rvcbeam.pipeline.report;

import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.values.SongAudio;
import io.rvcbeam.pipeline.values.Stage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JVM-wide progress of the current local run (DirectRunner, Flink {@code [local]}), read by the
 * console progress line every few seconds.
 *
 * <p>A static tracker rather than Beam metrics: the embedded Flink runner's {@code run()} only
 * returns once the job has finished, so its metrics cannot be polled while it runs, and the
 * DirectRunner's are committed per bundle. Both local runners execute the DoFns in this JVM, so
 * they update these counters as each chunk is converted. On remote runners the workers' copies
 * are not seen by the launcher; the Beam counters in the runner's UI are the progress there.
 *
 * <p>Audio is counted in 16 kHz samples of the input songs: {@link SplitIntoChunks} adds a
 * song's length when it has planned its chunks, {@link ConvertChunks} adds each chunk's share
 * ({@link Chunk#songShare()}) when that chunk is converted or fails, so a run whose chunks are
 * all done has {@code doneSamples == plannedSamples}.
 */
public final class Progress {

  private static final AtomicLong TOTAL = new AtomicLong();
  private static final AtomicLong CONVERTED = new AtomicLong();
  private static final AtomicLong SKIPPED = new AtomicLong();
  private static final AtomicLong FAILED = new AtomicLong();
  private static final AtomicLong FAILED_UNPLANNED = new AtomicLong();
  private static final AtomicLong PLANNED_SONGS = new AtomicLong();
  private static final AtomicLong PLANNED_SAMPLES = new AtomicLong();
  private static final AtomicLong CONVERTED_SAMPLES = new AtomicLong();
  private static final AtomicLong FAILED_SAMPLES = new AtomicLong();
  private static final AtomicLong FIRST_CHUNK_NANOS = new AtomicLong();
  private static final AtomicLong FIRST_CHUNK_SAMPLES = new AtomicLong();
  private static final AtomicLong CHUNKS_CONVERTED = new AtomicLong();
  private static final AtomicLong CHUNKS_RESUMED = new AtomicLong();

  private Progress() {}

  /** Starts counting a run of {@code songs} songs. */
  public static void reset(long songs) {
    TOTAL.set(songs);
    for (AtomicLong counter :
        new AtomicLong[] {
          CONVERTED, SKIPPED, FAILED, FAILED_UNPLANNED, PLANNED_SONGS, PLANNED_SAMPLES,
          CONVERTED_SAMPLES, FAILED_SAMPLES, FIRST_CHUNK_NANOS, FIRST_CHUNK_SAMPLES,
          CHUNKS_CONVERTED, CHUNKS_RESUMED
        }) {
      counter.set(0);
    }
  }

  /** Songs found by a catalogue listed on the workers, counted as they are listed. */
  public static void songsListed(long songs) {
    TOTAL.addAndGet(songs);
  }

  public static void songPlanned(long samples16k) {
    PLANNED_SONGS.incrementAndGet();
    PLANNED_SAMPLES.addAndGet(samples16k);
  }

  public static void chunkConverted(Chunk chunk) {
    CHUNKS_CONVERTED.incrementAndGet();
    CONVERTED_SAMPLES.addAndGet(chunk.songShare());
    firstChunk(chunk);
  }

  /**
   * A chunk durable from an earlier run: its audio leaves the plan (this run does not convert
   * it), so the ETA counts only the work left.
   */
  public static void chunkResumed(Chunk chunk) {
    PLANNED_SAMPLES.addAndGet(-chunk.songShare());
    CHUNKS_RESUMED.incrementAndGet();
  }

  /** Chunks converted by this run, and taken from earlier runs' work files. */
  public static long[] chunkCounts() {
    return new long[] {CHUNKS_CONVERTED.get(), CHUNKS_RESUMED.get()};
  }

  public static void chunkFailed(Chunk chunk) {
    FAILED_SAMPLES.addAndGet(chunk.songShare());
    firstChunk(chunk);
  }

  private static void firstChunk(Chunk chunk) {
    if (FIRST_CHUNK_NANOS.get() == 0 && FIRST_CHUNK_NANOS.compareAndSet(0, System.nanoTime())) {
      FIRST_CHUNK_SAMPLES.set(chunk.songShare());
    }
  }

  public static void songConverted() {
    CONVERTED.incrementAndGet();
  }

  public static void songSkipped() {
    SKIPPED.incrementAndGet();
  }

  public static void songFailed(Stage stage) {
    FAILED.incrementAndGet();
    if (stage.compareTo(Stage.SPLIT_INTO_CHUNKS) <= 0) {
      FAILED_UNPLANNED.incrementAndGet();
    }
  }

  /** The counters now. */
  public static Snapshot snapshot() {
    long first = FIRST_CHUNK_NANOS.get();
    return new Snapshot(
        TOTAL.get(),
        CONVERTED.get(),
        SKIPPED.get(),
        FAILED.get(),
        FAILED_UNPLANNED.get(),
        PLANNED_SONGS.get(),
        PLANNED_SAMPLES.get(),
        CONVERTED_SAMPLES.get(),
        FAILED_SAMPLES.get(),
        FIRST_CHUNK_SAMPLES.get(),
        first == 0 ? 0 : (System.nanoTime() - first) / 1e9);
  }

  /** One line: songs done of total, audio converted of planned, and an ETA. */
  public static String line(double elapsedSeconds) {
    return snapshot().line(elapsedSeconds);
  }

  /**
   * Progress counters at one moment; audio in 16 kHz samples of the input songs.
   *
   * @param songs songs in the catalogue
   * @param converted songs written
   * @param skipped songs whose output existed
   * @param failed songs that failed at any stage
   * @param failedUnplanned of those, songs that failed before their chunks were planned
   * @param plannedSongs songs whose chunks were planned
   * @param plannedSamples their audio
   * @param convertedSamples audio of the chunks converted
   * @param failedSamples audio of the chunks that failed
   * @param firstChunkSamples audio of the first chunk done
   * @param secondsSinceFirstChunk time since the first chunk was done (0 before)
   */
  public record Snapshot(
      long songs,
      long converted,
      long skipped,
      long failed,
      long failedUnplanned,
      long plannedSongs,
      long plannedSamples,
      long convertedSamples,
      long failedSamples,
      long firstChunkSamples,
      double secondsSinceFirstChunk) {

    public long doneSongs() {
      return converted + skipped + failed;
    }

    /** Songs still to convert whose length is not known yet. */
    public long unplannedSongs() {
      return Math.max(0, songs - skipped - failedUnplanned - plannedSongs);
    }

    /** Audio of converted and failed chunks. */
    public long doneSamples() {
      return convertedSamples + failedSamples;
    }

    /** Percentage of the planned audio whose chunks are done (0 when none is planned). */
    public double percentOfPlanned() {
      return plannedSamples == 0 ? 0 : 100.0 * doneSamples() / plannedSamples;
    }

    /**
     * Seconds left at the rate of chunk audio done so far; unplanned songs are assumed as long
     * as the planned ones on average. NaN while no chunk is done.
     *
     * <p>The rate counts from the first chunk done once a second one is, so the wait before the
     * first chunk (model loading, decoding, pitch of the whole first song: minutes for an hour
     * of audio) does not make the ETA of a few long songs far too long.
     */
    public double etaSeconds(double elapsedSeconds) {
      if (doneSongs() >= songs) {
        return 0;
      }
      if (doneSamples() == 0 || elapsedSeconds <= 0) {
        return Double.NaN;
      }
      double left = Math.max(0, plannedSamples - doneSamples());
      if (plannedSongs > 0) {
        left += unplannedSongs() * (plannedSamples / (double) plannedSongs);
      }
      long sinceFirst = doneSamples() - firstChunkSamples;
      double samplesPerSecond =
          sinceFirst > 0 && secondsSinceFirstChunk > 0
              ? sinceFirst / secondsSinceFirstChunk
              : doneSamples() / elapsedSeconds;
      return left / samplesPerSecond;
    }

    /**
     * E.g. {@code 1/4 songs (1 converted, 0 skipped, 0 failed), 12.5/40.0+ min of audio (31%),
     * elapsed 5m00s, ETA 15m20s}; the {@code +} says some songs are not planned yet.
     */
    public String line(double elapsedSeconds) {
      double eta = etaSeconds(elapsedSeconds);
      return String.format(
          "%d/%d songs (%d converted, %d skipped, %d failed), %.1f/%.1f%s min of audio (%.0f%%),"
              + " elapsed %s, ETA %s",
          doneSongs(), songs, converted, skipped, failed,
          minutes(convertedSamples), minutes(plannedSamples), unplannedSongs() > 0 ? "+" : "",
          percentOfPlanned(), formatSeconds(elapsedSeconds),
          Double.isNaN(eta) ? "?" : formatSeconds(eta));
    }

    private static double minutes(long samples16k) {
      return samples16k / (60.0 * SongAudio.RATE);
    }
  }

  static String formatSeconds(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
