package io.rvcbeam.checkpoint;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sizes of an RMVPE pitch model ({@code E2E} state dict), read from key counts and shapes: the
 * released model is {@code E2E(n_blocks=4, en_de_layers=5, inter_layers=4, en_out_channels=16)}
 * with a BiGRU 384 → 2×256 and 360 pitch bins.
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

  private static final Pattern ENCODER = Pattern.compile("^unet\\.encoder\\.layers\\.(\\d+)\\.");
  private static final Pattern BLOCK =
      Pattern.compile("^unet\\.encoder\\.layers\\.0\\.conv\\.(\\d+)\\.");
  private static final Pattern INTER = Pattern.compile("^unet\\.intermediate\\.layers\\.(\\d+)\\.");

  public static boolean isRmvpe(Map<String, HostTensor> tensors) {
    return tensors.containsKey("fc.1.weight")
        && tensors.containsKey("fc.0.gru.weight_hh_l0")
        && tensors.keySet().stream().anyMatch(k -> k.startsWith("unet.encoder."));
  }

  public static RmvpeInfo of(Path file, Map<String, HostTensor> tensors)
      throws CheckpointException {
    if (!isRmvpe(tensors)) {
      throw new CheckpointException(file, "not an RMVPE model (no unet.* / fc.* keys)");
    }
    TreeSet<Integer> enc = new TreeSet<>();
    TreeSet<Integer> blocks = new TreeSet<>();
    TreeSet<Integer> inter = new TreeSet<>();
    long params = 0;
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      collect(ENCODER, e.getKey(), enc);
      collect(BLOCK, e.getKey(), blocks);
      collect(INTER, e.getKey(), inter);
      params += e.getValue().numel();
    }
    HostTensor firstConv = tensors.get("unet.encoder.layers.0.conv.0.conv.0.weight");
    HostTensor ih = tensors.get("fc.0.gru.weight_ih_l0");
    HostTensor hh = tensors.get("fc.0.gru.weight_hh_l0");
    HostTensor out = tensors.get("fc.1.weight");
    return new RmvpeInfo(
        file,
        enc.size(),
        blocks.size(),
        inter.size(),
        firstConv != null ? (int) firstConv.dim(0) : 0,
        ih != null ? (int) ih.dim(1) : 0,
        (int) hh.dim(1),
        (int) out.dim(0),
        tensors.size(),
        params);
  }

  private static void collect(Pattern p, String key, TreeSet<Integer> into) {
    Matcher m = p.matcher(key);
    if (m.find()) {
      into.add(Integer.parseInt(m.group(1)));
    }
  }
}
