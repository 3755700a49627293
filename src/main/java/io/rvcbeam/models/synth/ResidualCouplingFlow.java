package io.rvcbeam.models.synth;

import io.rvcbeam.nn.Scoped;
import ai.djl.ndarray.NDArray;

/**
 * The flow {@code flow} run in reverse (docs/algorithm.md §8.4): {@code Flip, CL3, Flip, CL2, …, Flip, CL0},
 * mean-only affine couplings whose shift comes from a WaveNet on the first half of the channels.
 * Coupling layers are the even module indices 0, 2, 4, … of {@code flow.flows}.
 */
public final class ResidualCouplingFlow {

  private final Conv1dLayer[] pre;
  private final WaveNet[] nets;
  private final Conv1dLayer[] post;
  private final int half;

  public ResidualCouplingFlow(SynthWeights w, int channels, int hidden, int kernel,
      int dilationRate, int layers, int flows, int gin) {
    half = channels / 2;
    pre = new Conv1dLayer[flows];
    nets = new WaveNet[flows];
    post = new Conv1dLayer[flows];
    for (int f = 0; f < flows; f++) {
      String p = "flow.flows." + (2 * f);
      pre[f] = w.conv(p + ".pre", false, hidden, half, 1, 1, 0, 1);
      nets[f] = new WaveNet(w, p + ".enc", hidden, kernel, dilationRate, layers, gin);
      post[f] = w.conv(p + ".post", false, channels - half, hidden, 1, 1, 0, 1);
    }
  }

  /**
   * @param z [B, C, T] masked prior sample
   * @param mask [B, 1, T]
   * @param g [B, gin, 1]
   */
  public NDArray reverse(NDArray z, NDArray mask, NDArray g) {
    NDArray x = z;
    for (int f = pre.length - 1; f >= 0; f--) {
      int flow = f;
      NDArray next = Scoped.run(x, in -> {
        NDArray flipped = in.flip(1);
        NDArray x0 = flipped.get(":, :" + half + ", :");
        NDArray x1 = flipped.get(":, " + half + ":, :");
        NDArray h = pre[flow].forward(x0).mul(mask);
        h = nets[flow].forward(h, mask, g);
        NDArray m = post[flow].forward(h).mul(mask);
        return x0.concat(x1.sub(m).mul(mask), 1);
      });
      if (x != z) {
        x.close();
      }
      x = next;
    }
    return x;
  }
}
