package io.rvcbeam.models.rmvpe;

import io.rvcbeam.nn.Scoped;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.rvcbeam.nn.Parameters;

/**
 * RMVPE's {@code ResDecoderBlock}: up-sample x2 (transposed conv + BatchNorm + ReLU), concatenate
 * the encoder skip ({@code [x, skip]} on channels), then a residual stage.
 */
final class DecoderLevel {

  private final DoublingTransposedConv upsample;
  private final ResidualStage stage;

  private DecoderLevel(DoublingTransposedConv upsample, ResidualStage stage) {
    this.upsample = upsample;
    this.stage = stage;
  }

  /** Reads {@code prefix.conv1.{0,1}.*} and the {@code blocks} of {@code prefix.conv2.*}. */
  static DecoderLevel read(Parameters p, String prefix, int blocks) {
    DoublingTransposedConv up =
        DoublingTransposedConv.withBatchNorm(p, prefix + ".conv1.0.weight", prefix + ".conv1.1");
    ResidualStage stage = ResidualStage.read(p, prefix + ".conv2", blocks);
    if (stage.inChannels() != 2 * up.outChannels()) {
      throw new IllegalArgumentException(p.source() + ": decoder level '" + prefix + "' takes "
          + stage.inChannels() + " channels after the skip, expected " + 2 * up.outChannels());
    }
    return new DecoderLevel(up, stage);
  }

  int inChannels() {
    return upsample.inChannels();
  }

  int outChannels() {
    return stage.outChannels();
  }

  int blockCount() {
    return stage.blockCount();
  }

  /** x [B, Cin, H, W], skip [B, Cout, 2H, 2W] -> [B, Cout, 2H, 2W]. */
  NDArray forward(NDArray x, NDArray skip) {
    NDArray joined = Scoped.run(x, in -> Activation.relu(upsample.forward(in)).concat(skip, 1));
    NDArray out = stage.forward(joined);
    joined.close(); // twice a level's activation; the caller's scope would hold it to the end
    return out;
  }
}
