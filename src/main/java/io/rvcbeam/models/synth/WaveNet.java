package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The non-causal WaveNet {@code WN} of a coupling layer (docs/algorithm.md §8.4): gated tanh·sigmoid units with
 * global conditioning, residual and skip outputs. All convolutions are weight-normalised.
 */
public final class WaveNet {

  private final Conv1dLayer condLayer;
  private final Conv1dLayer[] inLayers;
  private final Conv1dLayer[] resSkipLayers;
  private final int hidden;

  public WaveNet(SynthWeights w, String prefix, int hidden, int kernel, int dilationRate,
      int layers, int gin) {
    this.hidden = hidden;
    condLayer = w.conv(prefix + ".cond_layer", true, 2L * hidden * layers, gin, 1, 1, 0, 1);
    inLayers = new Conv1dLayer[layers];
    resSkipLayers = new Conv1dLayer[layers];
    int dilation = 1;
    for (int i = 0; i < layers; i++) {
      inLayers[i] = w.convSame(prefix + ".in_layers." + i, true, 2L * hidden, hidden, kernel,
          dilation);
      long rs = i < layers - 1 ? 2L * hidden : hidden;
      resSkipLayers[i] = w.conv(prefix + ".res_skip_layers." + i, true, rs, hidden, 1, 1, 0, 1);
      dilation *= dilationRate;
    }
  }

  /**
   * @param x [B, H, T] (masked)
   * @param mask [B, 1, T]
   * @param g [B, gin, 1]
   */
  public NDArray forward(NDArray x, NDArray mask, NDArray g) {
    NDArray gc = CallArrays.own(x.getManager(), condLayer.forward(g)); // [B, 2H·layers, 1]
    NDArray out = null;
    long h = hidden;
    for (int i = 0; i < inLayers.length; i++) {
      NDArray xi = inLayers[i].forward(x);
      NDArray gi = gc.get(":, " + (2 * h * i) + ":" + (2 * h * (i + 1)) + ", :");
      NDArray in = xi.add(gi);
      NDArray acts = in.get(":, :" + h + ", :").tanh()
          .mul(Activation.sigmoid(in.get(":, " + h + ":, :")));
      NDArray rs = resSkipLayers[i].forward(acts);
      if (i < inLayers.length - 1) {
        x = x.add(rs.get(":, :" + h + ", :")).mul(mask);
        NDArray skip = rs.get(":, " + h + ":, :");
        out = out == null ? skip : out.add(skip);
      } else {
        out = out == null ? rs : out.add(rs);
      }
    }
    return out.mul(mask);
  }
}
