package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keeps per-call temporaries off the model's manager.
 *
 * <p>PyTorch-engine results belong to the manager of their first operand; an op whose first operand
 * is a weight would otherwise leave its result on the long-lived model manager.
 */
final class CallArrays {

  private CallArrays() {}

  /** Moves {@code a} (a fresh result) to the call's manager and returns it. */
  static NDArray own(NDManager call, NDArray a) {
    a.attach(call);
    return a;
  }
}
