package io.rvcbeam.checkpoint;

/**
 * A class or function named by a pickle's GLOBAL or STACK_GLOBAL opcode. It is only a name: the
 * reader never imports or calls it.
 */
public record PickleGlobal(String module, String name) {

  /** {@code module.name}, e.g. {@code collections.OrderedDict}. */
  public String qualifiedName() {
    return module + "." + name;
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
