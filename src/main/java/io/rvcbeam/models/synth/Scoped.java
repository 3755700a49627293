package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * Runs one step in a child manager of its input's manager, so the step's temporaries are freed
 * as soon as it returns; only the result stays (on the input's manager). Ops attach results to
 * their first operand's manager, so the step must start from {@code x}.
 */
final class Scoped {

  private Scoped() {}

  static NDArray run(NDArray x, UnaryOperator<NDArray> step) {
    NDManager parent = x.getManager();
    try (NDManager scope = parent.newSubManager()) {
      x.tempAttach(scope);
      NDArray y = step.apply(x);
      if (y == x) {
        throw new IllegalStateException("a scoped step must return a new array");
      }
      y.attach(parent);
      return y;
    }
  }
}
