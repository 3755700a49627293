package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

/** A loaded Conv1d (PyTorch cross-correlation convention, zero padding). Immutable. */
public final class Conv1dLayer {

  private final NDArray weight; // [Cout, Cin, K]
  private final NDArray bias; // [Cout] or null
  private final int stride;
  private final int padding;
  private final int dilation;

  public Conv1dLayer(NDArray weight, NDArray bias, int stride, int padding, int dilation) {
    this.weight = weight;
    this.bias = bias;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
  }

  /** Stride 1, "same" padding for an odd kernel with dilation {@code dilation}. */
  public static Conv1dLayer same(NDArray weight, NDArray bias, int dilation) {
    int k = (int) weight.getShape().get(2);
    return new Conv1dLayer(weight, bias, 1, (k * dilation - dilation) / 2, dilation);
  }

  /** @param x [B, Cin, L] on the call's manager */
  public NDArray forward(NDArray x) {
    return Conv1d.conv1d(x, weight, bias, new Shape(stride), new Shape(padding),
            new Shape(dilation), 1)
        .singletonOrThrow();
  }
}
