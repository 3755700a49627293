package io.rvcbeam.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * JVM-wide progress of the current local run (DirectRunner, Flink {@code [local]}), read by the
 * console progress line. On remote runners the workers' copies are not seen by the launcher;
 * the Beam counters in the runner's UI are the progress there.
 */
public final class Progress {

  private static final AtomicLong TOTAL = new AtomicLong();
  private static final AtomicLong CONVERTED = new AtomicLong();
  private static final AtomicLong SKIPPED = new AtomicLong();
  private static final AtomicLong FAILED = new AtomicLong();
  private static final AtomicLong AUDIO_MILLIS = new AtomicLong();

  private Progress() {}

  /** Starts counting a run of {@code songs} songs. */
  public static void reset(long songs) {
    TOTAL.set(songs);
    CONVERTED.set(0);
    SKIPPED.set(0);
    FAILED.set(0);
    AUDIO_MILLIS.set(0);
  }

  static void songConverted(double inputSeconds) {
    CONVERTED.incrementAndGet();
    AUDIO_MILLIS.addAndGet(Math.round(inputSeconds * 1000));
  }

  static void songSkipped() {
    SKIPPED.incrementAndGet();
  }

  static void songFailed() {
    FAILED.incrementAndGet();
  }

  /** One line: songs done of total, audio converted, and an ETA from the rate so far. */
  public static String line(double elapsedSeconds) {
    long total = TOTAL.get();
    long converted = CONVERTED.get();
    long done = converted + SKIPPED.get() + FAILED.get();
    double audioMinutes = AUDIO_MILLIS.get() / 60_000.0;
    String eta = "?";
    if (converted > 0 && done < total) {
      double perSong = elapsedSeconds / converted;
      eta = formatSeconds(perSong * (total - done));
    } else if (done >= total) {
      eta = "0s";
    }
    return String.format(
        "%d/%d songs (%d converted, %d skipped, %d failed), %.1f min of audio, elapsed %s, ETA %s",
        done, total, converted, SKIPPED.get(), FAILED.get(), audioMinutes,
        formatSeconds(elapsedSeconds), eta);
  }

  private static String formatSeconds(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
