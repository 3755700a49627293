package io.rvcbeam.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layout of an RMVPE pitch model (an {@code E2E} state dict), read once from its keys and
 * shapes: what {@code inspect} shows, what the pitch model check reads and what the network is
 * built from ({@code models.rmvpe.E2eNetwork}), so the three never disagree. The released model
 * is {@code E2E(n_blocks=4, en_de_layers=5, inter_layers=4, en_out_channels=16)} with a BiGRU 384
 * → 2×256 and 360 pitch bins; smaller test models differ only in these numbers.
 *
 * <p>Levels and blocks are numbered from 0 in the keys; a count is how many are present in a row
 * from 0 ({@code unet.encoder.layers.E.conv.B.*}, {@code unet.intermediate.layers.I.conv.B.*},
 * {@code unet.decoder.layers.D.conv1.*} with {@code .conv2.B.*}).
 *
 * @param encoderBlocks residual blocks of each encoder level
 * @param intermediateBlocks residual blocks of each intermediate layer
 * @param decoderBlocks residual blocks of each decoder level
 * @param encoderChannels output channels of the first encoder convolution
 * @param gruInput the BiGRU's input width
 * @param gruHidden the BiGRU's hidden width per direction
 * @param pitchBins output classes (pitch bins, 20 cents apart)
 * @param tensorCount tensors in the state dict
 * @param parameterCount their elements
 */
public record RmvpeCheckpoint(
    List<Integer> encoderBlocks,
    List<Integer> intermediateBlocks,
    List<Integer> decoderBlocks,
    int encoderChannels,
    int gruInput,
    int gruHidden,
    int pitchBins,
    int tensorCount,
    long parameterCount) {

  private static final String ENCODER = "unet.encoder.layers.";
  private static final String INTERMEDIATE = "unet.intermediate.layers.";
  private static final String DECODER = "unet.decoder.layers.";

  public RmvpeCheckpoint {
    encoderBlocks = List.copyOf(encoderBlocks);
    intermediateBlocks = List.copyOf(intermediateBlocks);
    decoderBlocks = List.copyOf(decoderBlocks);
  }

  /** Whether a state dict has RMVPE's keys (a U-Net, a GRU and the output layer). */
  public static boolean isRmvpe(Map<String, HostTensor> tensors) {
    return tensors.containsKey("fc.1.weight")
        && tensors.containsKey("fc.0.gru.weight_hh_l0")
        && tensors.keySet().stream().anyMatch(k -> k.startsWith("unet.encoder."));
  }

  /**
   * Reads the layout, for the loader.
   *
   * @param source names the weights in error messages
   * @throws IllegalArgumentException if the tensors are not an RMVPE state dict or lack a tensor
   *     the layout is read from (the message names it)
   */
  public static RmvpeCheckpoint read(String source, Map<String, HostTensor> tensors) {
    try {
      return layout(tensors);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #read(String, Map)}, for a checkpoint file's readers ({@code inspect}, checks). */
  public static RmvpeCheckpoint read(Path file, Map<String, HostTensor> tensors)
      throws CheckpointException {
    try {
      return layout(tensors);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, e.getMessage(), e);
    }
  }

  private static RmvpeCheckpoint layout(Map<String, HostTensor> tensors) {
    if (!isRmvpe(tensors)) {
      throw new IllegalArgumentException("not an RMVPE model (no unet.* / fc.* keys)");
    }
    List<Integer> decoder = new ArrayList<>();
    for (int d = 0; tensors.containsKey(DECODER + d + ".conv1.0.weight"); d++) {
      decoder.add(blocks(tensors, DECODER + d + ".conv2."));
    }
    long parameters = 0;
    for (HostTensor t : tensors.values()) {
      parameters += t.numel();
    }
    return new RmvpeCheckpoint(
        stages(tensors, ENCODER),
        stages(tensors, INTERMEDIATE),
        decoder,
        (int) required(tensors, ENCODER + "0.conv.0.conv.0.weight").dim(0),
        (int) required(tensors, "fc.0.gru.weight_ih_l0").dim(1),
        (int) required(tensors, "fc.0.gru.weight_hh_l0").dim(1),
        (int) required(tensors, "fc.1.weight").dim(0),
        tensors.size(),
        parameters);
  }

  /** Encoder (or intermediate) levels in a row from 0, each with its block count. */
  private static List<Integer> stages(Map<String, HostTensor> tensors, String prefix) {
    List<Integer> stages = new ArrayList<>();
    for (int e = 0; ; e++) {
      int blocks = blocks(tensors, prefix + e + ".conv.");
      if (blocks == 0) {
        return stages;
      }
      stages.add(blocks);
    }
  }

  /** Residual blocks {@code prefix0}, {@code prefix1}, … in a row. */
  private static int blocks(Map<String, HostTensor> tensors, String prefix) {
    int b = 0;
    while (tensors.containsKey(prefix + b + ".conv.0.weight")) {
      b++;
    }
    return b;
  }

  private static HostTensor required(Map<String, HostTensor> tensors, String key) {
    HostTensor t = tensors.get(key);
    if (t == null) {
      throw new IllegalArgumentException("missing weight '" + key + "'");
    }
    return t;
  }
}
