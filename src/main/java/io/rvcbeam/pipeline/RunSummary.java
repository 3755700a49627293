package io.rvcbeam.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * {@code summary.json}: the whole run in numbers.
 *
 * @param converted songs converted
 * @param skipped songs skipped because their output existed
 * @param failed songs in the dead letters
 * @param hoursOfAudio input audio converted, hours
 * @param processingSeconds processing time summed over songs and stages
 * @param wallSeconds wall time from the job's start until the report was written
 * @param realTimeFactor wallSeconds / seconds of audio converted
 */
public record RunSummary(
    int converted,
    int skipped,
    int failed,
    double hoursOfAudio,
    double processingSeconds,
    double wallSeconds,
    Double realTimeFactor)
    implements Serializable {

  public static RunSummary of(List<SongReport> reports, double wallSeconds) {
    int converted = 0;
    int skipped = 0;
    int failed = 0;
    double audio = 0;
    double processing = 0;
    for (SongReport report : reports) {
      switch (report.status()) {
        case converted -> {
          converted++;
          audio += report.inputSeconds();
          processing += report.wallSeconds();
        }
        case skipped -> skipped++;
        case failed -> failed++;
      }
    }
    return new RunSummary(
        converted,
        skipped,
        failed,
        audio / 3600,
        processing,
        wallSeconds,
        audio > 0 ? wallSeconds / audio : null);
  }

  /** One human line, as printed at the end of a run. */
  public String line() {
    return String.format(
        "%d converted, %d skipped, %d failed; %.3f h of audio in %.1f s wall (real-time factor %s)",
        converted, skipped, failed, hoursOfAudio, wallSeconds,
        realTimeFactor == null ? "n/a" : String.format("%.3f", realTimeFactor));
  }
}
