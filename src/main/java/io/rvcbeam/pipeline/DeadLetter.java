package io.rvcbeam.pipeline;

import java.io.Serializable;

/**
 * A song that failed: which song, its input, the stage that failed and why. The evidence is a
 * pointer to the input, never the audio.
 */
public record DeadLetter(String songId, String inputUri, Stage stage, String reason)
    implements Serializable {

  /** A dead letter whose reason is the exception's class and message (and its cause's). */
  public static DeadLetter of(Song song, Stage stage, Throwable error) {
    return new DeadLetter(song.id(), song.inputUri(), stage, describe(error));
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

  private static String oneLine(Throwable error) {
    String message = error.getMessage();
    String type = error.getClass().getSimpleName();
    return message == null ? type : type + ": " + message.replace('\n', ' ');
  }
}
