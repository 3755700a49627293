package io.rvcbeam.pipeline;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;

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
 * @param stackTrace the causing exception's stack trace, at most {@link #MAX_TRACE_CHARS}
 *     characters; empty when no exception caused the failure (a bad manifest row, a song whose
 *     chunks failed before)
 */
public record DeadLetter(String songId, String inputUri, Stage stage, String reason,
    String stackTrace) implements Serializable {

  /** Longest stack trace kept; deep DJL traces repeat and the first frames say where. */
  static final int MAX_TRACE_CHARS = 16_000;

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

  /** {@code printStackTrace}'s text, cut at {@link #MAX_TRACE_CHARS}. */
  static String stackTrace(Throwable error) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      error.printStackTrace(out);
    }
    String trace = text.toString();
    return trace.length() > MAX_TRACE_CHARS ? trace.substring(0, MAX_TRACE_CHARS) + "…" : trace;
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage();
    String type = error.getClass().getSimpleName();
    return message == null ? type : type + ": " + message.replace('\n', ' ');
  }
}
