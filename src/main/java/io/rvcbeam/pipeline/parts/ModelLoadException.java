package io.rvcbeam.pipeline.parts;

/** A model or index file that cannot be used; the message names the file. */
public class ModelLoadException extends Exception {

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
