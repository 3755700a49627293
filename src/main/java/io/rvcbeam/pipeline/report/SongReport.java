package io.rvcbeam.pipeline.report;

import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.StitchedSong;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Map;

/**
 * One line of {@code report.jsonl}: what happened to one song.
 *
 * @param songId the song
 * @param status converted, skipped (output already there: converted by an earlier run, whose
 *     durations the line keeps when that run's report is there) or failed
 * @param input input URI
 * @param output output URI (converted or skipped songs)
 * @param stage the failing stage (failed songs)
 * @param reason why it failed, one line (failed songs)
 * @param stackTrace the stack trace of the exception that failed it (failed songs whose failure
 *     an exception caused); kept in the song's durable line and {@code dead-letters.jsonl}, left
 *     out of {@code report.jsonl}
 * @param inputSeconds input duration (converted songs)
 * @param outputSeconds output duration (converted songs)
 * @param wallSeconds processing time spent on the song, all stages together
 * @param realTimeFactor wallSeconds / inputSeconds
 * @param stageSeconds processing time per stage, only with profiling on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SongReport(
    String songId,
    Status status,
    String input,
    String output,
    String stage,
    String reason,
    String stackTrace,
    Double inputSeconds,
    Double outputSeconds,
    Double wallSeconds,
    Double realTimeFactor,
    Map<String, Double> stageSeconds)
    implements Serializable {

  /** What happened to a song. */
  public enum Status {
    converted,
    skipped,
    failed
  }

  public static SongReport converted(StitchedSong song, boolean profiling) {
    double wall = song.times().totalNanos() / 1e9;
    double in = song.inputSeconds();
    return new SongReport(
        song.song().id(),
        Status.converted,
        song.song().inputUri(),
        song.song().outputUri(),
        null,
        null,
        null,
        in,
        song.outputSeconds(),
        wall,
        in > 0 ? wall / in : null,
        profiling ? song.times().secondsByStage() : null);
  }

  /** This line without its stack trace, as {@code report.jsonl} shows it. */
  public SongReport withoutStackTrace() {
    return stackTrace == null ? this : new SongReport(songId, status, input, output, stage, reason,
        null, inputSeconds, outputSeconds, wallSeconds, realTimeFactor, stageSeconds);
  }

  /** This line (of the run that converted the song) for a run that found the output there. */
  public SongReport asSkipped() {
    return new SongReport(
        songId, Status.skipped, input, output, null, null, null, inputSeconds, outputSeconds,
        wallSeconds, realTimeFactor, stageSeconds);
  }

  public static SongReport skipped(Song song) {
    return new SongReport(
        song.id(), Status.skipped, song.inputUri(), song.outputUri(), null, null, null, null,
        null, null, null, null);
  }

  public static SongReport failed(DeadLetter letter) {
    return new SongReport(
        letter.songId(),
        Status.failed,
        letter.inputUri(),
        null,
        letter.stage().displayName(),
        letter.reason(),
        letter.stackTrace().isEmpty() ? null : letter.stackTrace(),
        null,
        null,
        null,
        null,
        null);
  }
}
