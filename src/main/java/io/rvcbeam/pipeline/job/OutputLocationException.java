package io.rvcbeam.pipeline.job;

/**
 * The output location cannot take this run: it cannot be written, or another live run holds
 * it. The message is one line naming the location.
 */
public final class OutputLocationException extends IllegalStateException {
  public OutputLocationException(String message) {
    super(message);
  }

  public OutputLocationException(String message, Throwable cause) {
    super(message, cause);
  }
}
