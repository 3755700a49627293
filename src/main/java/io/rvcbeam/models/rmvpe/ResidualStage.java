package io.rvcbeam.models.rmvpe;

import ai.djl.ndarray.NDArray;
import io.rvcbeam.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of {@link ResidualConvBlock}s ({@code prefix.0}, {@code prefix.1}, … as many as the
 * checkpoint's layout says): the body of RMVPE's {@code ResEncoderBlock} and of a decoder level's {@code
 * conv2}.
 */
final class ResidualStage {

  private final List<ResidualConvBlock> blocks;

  private ResidualStage(List<ResidualConvBlock> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** @param blockCount the blocks {@code prefix.0 … prefix.(blockCount-1)} */
  static ResidualStage read(Parameters p, String prefix, int blockCount) {
    List<ResidualConvBlock> blocks = new ArrayList<>();
    for (int b = 0; b < blockCount; b++) {
      ResidualConvBlock block = ResidualConvBlock.read(p, prefix + "." + b);
      if (!blocks.isEmpty() && block.inChannels() != blocks.get(b - 1).outChannels()) {
        throw new IllegalArgumentException(p.source() + ": block '" + prefix + "." + b
            + "' takes " + block.inChannels() + " channels, previous gives "
            + blocks.get(b - 1).outChannels());
      }
      blocks.add(block);
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException(p.source() + ": no residual blocks under '" + prefix
          + "'");
    }
    return new ResidualStage(blocks);
  }

  int blockCount() {
    return blocks.size();
  }

  int inChannels() {
    return blocks.get(0).inChannels();
  }

  int outChannels() {
    return blocks.get(blocks.size() - 1).outChannels();
  }

  NDArray forward(NDArray x) {
    NDArray h = x;
    for (ResidualConvBlock block : blocks) {
      NDArray next = block.forward(h);
      if (h != x) {
        h.close(); // a block output only the next block reads
      }
      h = next;
    }
    return h;
  }
}
