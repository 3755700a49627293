package io.rvcbeam.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A model, index or tensor file that cannot be read; the message names the file. */
public class CheckpointException extends IOException {

  private final String file;

  public CheckpointException(Path file, String problem) {
    this(String.valueOf(file), problem, null);
  }

  public CheckpointException(Path file, String problem, Throwable cause) {
    this(String.valueOf(file), problem, cause);
  }

  public CheckpointException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  public String file() {
    return file;
  }
}
