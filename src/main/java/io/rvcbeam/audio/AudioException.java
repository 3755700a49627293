package io.rvcbeam.audio;

import java.io.IOException;

/** An audio file that cannot be read or written; the message names the file and the problem. */
public class AudioException extends IOException {

  private final String file;

  public AudioException(String file, String problem) {
    this(file, problem, null);
  }

  public AudioException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file (path or URI) the problem is about. */
  public String file() {
    return file;
  }
}
