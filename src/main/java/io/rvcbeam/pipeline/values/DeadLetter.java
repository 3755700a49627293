package io.rvcbeam.pipeline.values;

import java.io.Serializable;

/**
 * The one failure record of the pipeline: a song that failed, which stage failed it, a one-line
 * reason and, when an exception caused it, that exception's stack trace (as DataflowTemplates'
 * {@code FailsafeElement} carries its error message and stack trace). Every stage emits it, a
 * failed chunk carries it ({@link ConvertedChunk#failure}) and the work folder stores it, so a
 * failure reads the same wherever it surfaces. The evidence is a pointer to the input, never the
 * audio.
 *
 * @param songId the song
 * @param inputUri its input
 * @param stage the stage that failed it
 * @param reason one line, for people: "Type: message (caused by Type: message)" or a sentence
 * @param stackTrace the causing exception's stack trace down to this project's last frame (see
 *     {@link #stackTrace}), at most {@link #MAX_TRACE_CHARS} characters; empty when no exception caused the failure (a bad manifest row, a song whose
 *     chunks failed before)
 */
public record DeadLetter(String songId, String inputUri, Stage stage, String reason,
    String stackTrace) implements Serializable {

  /** Longest stack trace kept; deep DJL traces repeat and the first frames say where. */
  public static final int MAX_TRACE_CHARS = 16_000;

  /** Frames of this project's code start with this. */
  private static final String PROJECT = "io.rvcbeam.";

  public DeadLetter {
    stackTrace = stackTrace == null ? "" : stackTrace;
  }

  /** A failure that no exception caused: the reason says it all. */
  public DeadLetter(String songId, String inputUri, Stage stage, String reason) {
    this(songId, inputUri, stage, reason, "");
  }

  /** A failure whose reason is the exception's class and message (and its causes'). */
  public static DeadLetter of(Song song, Stage stage, Throwable error) {
    return new DeadLetter(song.id(), song.inputUri(), stage, describe(error), stackTrace(error));
  }

  /** A failure whose reason is {@code context + ": " +} the exception's description. */
  public static DeadLetter of(Song song, Stage stage, String context, Throwable error) {
    return new DeadLetter(song.id(), song.inputUri(), stage, context + ": " + describe(error),
        stackTrace(error));
  }

  /** One line: "Type: message (caused by Type: message)". */
  public static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(oneLine(error));
    Throwable cause = error.getCause();
    for (int depth = 0; cause != null && cause != error && depth < 3; depth++) {
      text.append(" (caused by ").append(oneLine(cause)).append(')');
      cause = cause.getCause();
    }
    return text.toString();
  }

  /**
   * The exception and its causes, each with its frames down to the last frame of this project's
   * code; the frames below it (the runner that called the stage) are left out, so the dead
   * letters of a song are the same bytes on every runner. Cut at {@link #MAX_TRACE_CHARS}.
   */
  static String stackTrace(Throwable error) {
    StringBuilder text = new StringBuilder();
    Throwable t = error;
    for (int depth = 0; t != null && depth < 8; depth++) {
      text.append(depth == 0 ? "" : "Caused by: ").append(t).append('\n');
      StackTraceElement[] frames = t.getStackTrace();
      int last = 0;
      for (int i = 0; i < frames.length; i++) {
        // generated classes (Beam's DoFn invokers) carry our names but no source file
        if (frames[i].getClassName().startsWith(PROJECT) && frames[i].getFileName() != null) {
          last = i;
        }
      }
      for (int i = 0; i <= last && i < frames.length; i++) {
        text.append("\tat ").append(frames[i]).append('\n');
      }
      if (last + 1 < frames.length) {
        text.append("\t... runner frames left out\n");
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return text.length() > MAX_TRACE_CHARS
        ? text.substring(0, MAX_TRACE_CHARS) + "…" : text.toString();
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage();
    String type = error.getClass().getSimpleName();
    return message == null ? type : type + ": " + message.replace('\n', ' ');
  }
}
