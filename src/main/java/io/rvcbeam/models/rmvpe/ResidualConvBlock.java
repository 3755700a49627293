package io.rvcbeam.models.rmvpe;

import io.rvcbeam.nn.Scoped;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.rvcbeam.nn.Parameters;

/**
 * RMVPE's {@code ConvBlockRes}: two 3x3 conv + BatchNorm + ReLU layers plus a residual path that
 * is a 1x1 conv (with bias) when the channel count changes, else the identity.
 */
final class ResidualConvBlock {

  private final FoldedConv2d first;
  private final FoldedConv2d second;
  private final FoldedConv2d shortcut; // null: identity

  private ResidualConvBlock(FoldedConv2d first, FoldedConv2d second, FoldedConv2d shortcut) {
    this.first = first;
    this.second = second;
    this.shortcut = shortcut;
  }

  /** Reads {@code prefix.conv.{0,1,3,4}.*} and, if present, {@code prefix.shortcut.*}. */
  static ResidualConvBlock read(Parameters p, String prefix) {
    FoldedConv2d first =
        FoldedConv2d.withBatchNorm(p, prefix + ".conv.0.weight", prefix + ".conv.1");
    FoldedConv2d second =
        FoldedConv2d.withBatchNorm(p, prefix + ".conv.3.weight", prefix + ".conv.4");
    FoldedConv2d shortcut = null;
    if (p.has(prefix + ".shortcut.weight")) {
      shortcut = FoldedConv2d.plain(p, prefix + ".shortcut");
    } else if (first.inChannels() != second.outChannels()) {
      throw new IllegalArgumentException(p.source() + ": block '" + prefix + "' changes channels "
          + first.inChannels() + " -> " + second.outChannels() + " but has no shortcut conv");
    }
    return new ResidualConvBlock(first, second, shortcut);
  }

  int inChannels() {
    return first.inChannels();
  }

  int outChannels() {
    return second.outChannels();
  }

  /** [B, Cin, H, W] -> [B, Cout, H, W]. */
  NDArray forward(NDArray x) {
    return Scoped.run(x, this::compute);
  }

  private NDArray compute(NDArray x) {
    // Each temporary is closed once read (at the first level one is 16 channels × T × 128 mel
    // bins, ~150 MB for a 3-minute song) and the sum is taken in place: same values, a third of
    // the block's peak memory.
    NDArray a = first.forward(x);
    NDArray h = Activation.relu(a);
    a.close();
    NDArray b = second.forward(h);
    h.close();
    NDArray out = Activation.relu(b);
    b.close();
    if (shortcut == null) {
      return out.addi(x);
    }
    NDArray residual = shortcut.forward(x);
    out.addi(residual);
    residual.close();
    return out;
  }
}
