package io.rvcbeam.models.rmvpe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * Runs a piece of the network in its own sub-manager so its temporaries are freed as soon as it
 * returns, not at the end of the whole call (full-resolution activations are {@code 16 x T x 128}
 * floats each; keeping every one until the call ends would grow memory with dozens of them).
 */
final class Scoped {

  private Scoped() {}

  /** {@code f(x)}, with only the result left on x's manager. */
  static NDArray apply(NDArray x, UnaryOperator<NDArray> f) {
    NDManager parent = x.getManager();
    try (NDManager scope = parent.newSubManager()) {
      x.tempAttach(scope); // ops on x now put their outputs in scope; x goes back on close
      NDArray y = f.apply(x);
      y.attach(parent);
      return y;
    }
  }
}
