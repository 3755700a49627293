package io.rvcbeam.checkpoint;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code inspect} and the pitch model check say about an RMVPE pitch model: its {@link
 * RmvpeCheckpoint} layout, the one the network is built from, in the reference's terms ({@code
 * E2E(n_blocks, en_de_layers, inter_layers, en_out_channels)}).
 */
public record RmvpeInfo(
    Path file,
    int enDeLayers,
    int nBlocks,
    int interLayers,
    int enOutChannels,
    int gruInput,
    int gruHidden,
    int outputs,
    int tensorCount,
    long parameterCount) {

  public static boolean isRmvpe(Map<String, HostTensor> tensors) {
    return RmvpeCheckpoint.isRmvpe(tensors);
  }

  public static RmvpeInfo of(Path file, Map<String, HostTensor> tensors)
      throws CheckpointException {
    RmvpeCheckpoint layout = RmvpeCheckpoint.read(file, tensors);
    return new RmvpeInfo(
        file,
        layout.encoderBlocks().size(),
        layout.encoderBlocks().get(0),
        layout.intermediateBlocks().size(),
        layout.encoderChannels(),
        layout.gruInput(),
        layout.gruHidden(),
        layout.pitchBins(),
        layout.tensorCount(),
        layout.parameterCount());
  }
}
