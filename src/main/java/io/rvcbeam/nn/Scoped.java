package io.rvcbeam.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * Runs one step of a network in a child manager of its input's manager, so the step's
 * temporaries are freed as soon as it returns; only the result stays, on the input's manager.
 * Full-rate activations are hundreds of MB; keeping every one until a whole call ends would make
 * memory grow with the depth of the network. Ops attach results to their first operand's
 * manager, so the step must start from {@code x}.
 */
public final class Scoped {

  private Scoped() {}

  public static NDArray run(NDArray x, UnaryOperator<NDArray> step) {
    NDManager parent = x.getManager();
    try (NDManager scope = parent.newSubManager()) {
      x.tempAttach(scope); // ops on x now put their outputs in scope; x goes back on close
      NDArray y = step.apply(x);
      if (y == x) {
        throw new IllegalStateException("a scoped step must return a new array");
      }
      y.attach(parent);
      return y;
    }
  }
}
