package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.nn.Parameters;

/**
 * Relative position information from a wide grouped convolution over time, added to the input.
 *
 * <p>Conv1d(H, H, kernel K, padding K/2, groups G) with weight norm over dim 2; an even kernel
 * gives one frame too many, and the last one is dropped (fairseq's {@code SamePad}); then GELU.
 */
final class PositionalConvEmbedding {

  private static final String PREFIX = "encoder.pos_conv_embed.conv";

  private final NDArray weight; // [H, H/G, K], weight norm folded
  private final NDArray bias; // [H]
  private final int kernel;
  private final int groups;

  PositionalConvEmbedding(HubertConfig config, Parameters p) {
    int h = config.hiddenSize();
    kernel = config.posConvKernel();
    groups = config.posConvGroups();
    weight = p.weight(PREFIX, 2);
    long[] expected = {h, h / groups, kernel};
    if (!java.util.Arrays.equals(weight.getShape().getShape(), expected)) {
      throw new IllegalArgumentException(p.source() + ": positional conv weight has shape "
          + weight.getShape() + ", expected " + new Shape(expected));
    }
    bias = p.get(PREFIX + ".bias", h);
  }

  /** [B, T, H] to x + pos(x), [B, T, H]; temporaries stay on x's manager (run it scoped). */
  NDArray forward(NDArray x) {
    long frames = x.getShape().get(1);
    NDArray conv = Conv1d.conv1d(x.transpose(0, 2, 1), weight, bias, new Shape(1),
        new Shape(kernel / 2), new Shape(1), groups).singletonOrThrow(); // [B, H, T(+1)]
    if (kernel % 2 == 0) {
      conv = conv.get(new NDIndex(":, :, :{}", frames)); // [B, H, T]
    }
    return x.add(Activation.gelu(conv).transpose(0, 2, 1));
  }
}
