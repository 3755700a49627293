package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * Small tensor helpers shared by the HuBERT modules.
 *
 * <p>On the PyTorch engine an op's result belongs to the manager of its first operand, so every
 * helper takes the activation first and a weight second: results never land on the model's
 * manager.
 */
final class HubertOps {

  private HubertOps() {}

  /** {@code x W^T + b} over the last axis; {@code w} in torch layout [out, in]. */
  static NDArray linear(NDArray x, NDArray w, NDArray b) {
    return Linear.linear(x, w, b).singletonOrThrow();
  }

  /** Layer norm over the last axis with affine {@code gamma}, {@code beta}. */
  static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
    return LayerNorm.layerNorm(x, new Shape(x.getShape().getLastDimension()), gamma, beta, eps)
        .singletonOrThrow();
  }
}
