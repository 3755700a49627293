package io.rvcbeam.pipeline.job;

/** A job file or manifest that cannot be used; the message names the file and the key. */
public class JobFileException extends IllegalArgumentException {

  public JobFileException(String message) {
    super(message);
  }

  public JobFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
