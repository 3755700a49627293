package io.rvcbeam.pipeline;

/** Sanity checks on what the numeric components return. */
final class Checks {

  private Checks() {}

  static void requireFinite(double[] values, String what) {
    if (values == null || values.length == 0) {
      throw new IllegalStateException(what + " is empty");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalStateException(what + " has a non-finite value at sample " + i);
      }
    }
  }

  static void requireFinite(float[] values, String what) {
    if (values == null || values.length == 0) {
      throw new IllegalStateException(what + " is empty");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalStateException(what + " has a non-finite value (NaN/Inf) at sample " + i);
      }
    }
  }
}
