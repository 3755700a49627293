package io.rvcbeam.models.rmvpe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Host float arrays to constant device tensors in the compute dtype. */
final class Uploads {

  private Uploads() {}

  static NDArray constant(NDManager manager, float[] data, DataType dtype, long... shape) {
    NDArray a = manager.create(data, new Shape(shape));
    if (dtype == DataType.FLOAT32) {
      return a;
    }
    NDArray cast = a.toType(dtype, false);
    a.close();
    return cast;
  }
}
