package io.rvcbeam.pipeline.report;

import java.io.Serializable;
import java.util.List;

/**
 * {@code summary.json}: the whole run in numbers.
 *
 * @param songs songs in the catalogue
 * @param converted songs converted by this run
 * @param convertedBefore songs whose output an earlier run wrote (skipped by this one)
 * @param failed songs in the dead letters
 * @param hoursOfAudio input audio converted by this run, hours
 * @param hoursOfAudioBefore input audio of the songs converted before, where their lines say
 * @param processingSeconds processing time summed over songs and stages
 * @param wallSeconds wall time from the job's start until the report was written
 * @param realTimeFactor wallSeconds / seconds of audio converted
 */
public record RunSummary(
    int songs,
    int converted,
    int convertedBefore,
    int failed,
    double hoursOfAudio,
    double hoursOfAudioBefore,
    double processingSeconds,
    double wallSeconds,
    Double realTimeFactor)
    implements Serializable {

  public static RunSummary of(List<SongReport> reports, double wallSeconds) {
    int converted = 0;
    int skipped = 0;
    int failed = 0;
    double audio = 0;
    double audioBefore = 0;
    double processing = 0;
    for (SongReport report : reports) {
      switch (report.status()) {
        case converted -> {
          converted++;
          audio += report.inputSeconds();
          processing += report.wallSeconds();
        }
        case skipped -> {
          skipped++;
          audioBefore += report.inputSeconds() == null ? 0 : report.inputSeconds();
        }
        case failed -> failed++;
      }
    }
    return new RunSummary(
        reports.size(),
        converted,
        skipped,
        failed,
        audio / 3600,
        audioBefore / 3600,
        processing,
        wallSeconds,
        audio > 0 ? wallSeconds / audio : null);
  }

  /** One human line, as printed at the end of a run. */
  public String line() {
    return String.format(
        "%d songs: %d converted, %d converted before, %d failed; %.3f h of audio in %.1f s wall"
            + " (real-time factor %s)",
        songs, converted, convertedBefore, failed, hoursOfAudio, wallSeconds,
        realTimeFactor == null ? "n/a" : String.format("%.3f", realTimeFactor));
  }
}
