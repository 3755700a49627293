package io.rvcbeam.checkpoint;

/** A pickle that asks for something able to run code; the file is refused unread. */
public final class UnsafePickleException extends CheckpointException {

  private final String global;

  public UnsafePickleException(String file, String global, String problem) {
    super(file, "refusing to load: " + problem, null);
    this.global = global;
  }

  /** The offending {@code module.name}. */
  public String global() {
    return global;
  }
}
