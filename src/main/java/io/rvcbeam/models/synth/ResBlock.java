package io.rvcbeam.models.synth;

import io.rvcbeam.nn.Scoped;
import io.rvcbeam.nn.SlotLengths;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.function.IntFunction;

/**
 * A HiFi-GAN residual block (docs/algorithm.md §8.5), weight-normalised "same" convolutions, leaky ReLU 0.1.
 *
 * <p>Kind "1": per dilation d, {@code x += c2(lrelu(c1_d(lrelu(x))))}; kind "2" (RVC only):
 * per dilation d, {@code x += c_d(lrelu(x))}. The MRF HiFi-GAN's MRF block and RefineGAN's
 * residual block are kind "1" under other key names (RefineGAN with slope 0.2).
 */
public final class ResBlock {

  private static final float SLOPE = 0.1f;

  private final Conv1dLayer[] convs1;
  private final Conv1dLayer[] convs2; // null for kind "2"
  private final float slope;

  private ResBlock(Conv1dLayer[] convs1, Conv1dLayer[] convs2, float slope) {
    this.convs1 = convs1;
    this.convs2 = convs2;
    this.slope = slope;
  }

  /** Kind "1": {@code prefix.convs1.{j}} (dilation d_j) and {@code prefix.convs2.{j}}. */
  public static ResBlock kind1(SynthWeights w, String prefix, int channels, int kernel,
      int[] dilations) {
    return kind1(w, prefix, channels, kernel, dilations, SLOPE);
  }

  /** Kind "1" with leaky-ReLU slope {@code slope}. */
  public static ResBlock kind1(SynthWeights w, String prefix, int channels, int kernel,
      int[] dilations, float slope) {
    return pairs(w, j -> prefix + ".convs1." + j, j -> prefix + ".convs2." + j, channels, kernel,
        dilations, slope);
  }

  /** An MRF block: {@code prefix.layers.{j}.conv1} (dilation d_j) and {@code .conv2}. */
  public static ResBlock mrf(SynthWeights w, String prefix, int channels, int kernel,
      int[] dilations) {
    return pairs(w, j -> prefix + ".layers." + j + ".conv1",
        j -> prefix + ".layers." + j + ".conv2", channels, kernel, dilations, SLOPE);
  }

  private static ResBlock pairs(SynthWeights w, IntFunction<String> first,
      IntFunction<String> second, int channels, int kernel, int[] dilations, float slope) {
    Conv1dLayer[] c1 = new Conv1dLayer[dilations.length];
    Conv1dLayer[] c2 = new Conv1dLayer[dilations.length];
    for (int j = 0; j < dilations.length; j++) {
      c1[j] = w.convSame(first.apply(j), true, channels, channels, kernel, dilations[j]);
      c2[j] = w.convSame(second.apply(j), true, channels, channels, kernel, 1);
    }
    return new ResBlock(c1, c2, slope);
  }

  /** Kind "2": {@code prefix.convs.{j}} with dilations d_0, d_1. */
  public static ResBlock kind2(SynthWeights w, String prefix, int channels, int kernel,
      int[] dilations) {
    int n = Math.min(2, dilations.length);
    Conv1dLayer[] c = new Conv1dLayer[n];
    for (int j = 0; j < n; j++) {
      c[j] = w.convSame(prefix + ".convs." + j, true, channels, channels, kernel, dilations[j]);
    }
    return new ResBlock(c, null, SLOPE);
  }

  /** @param x [B, C, L] → [B, C, L] */
  public NDArray forward(NDArray x) {
    return forward(x, null);
  }

  /**
   * @param x [B, C, L]
   * @param valid real steps per slot, whose padding every convolution's input has zeroed; null
   *     when every slot is real to its end
   * @return [B, C, L]
   */
  public NDArray forward(NDArray x, SlotLengths valid) {
    NDArray cur = x;
    for (int j = 0; j < convs1.length; j++) {
      int jj = j;
      NDArray next = Scoped.run(cur, in -> {
        NDArray xt = convs1[jj].forward(
            HifiGanGenerator.masked(Activation.leakyRelu(in, slope), valid));
        if (convs2 != null) {
          xt = convs2[jj].forward(
              HifiGanGenerator.masked(Activation.leakyRelu(xt, slope), valid));
        }
        return xt.addi(in); // xt is this step's own temporary: no new full-rate buffer
      });
      if (cur != x) {
        cur.close();
      }
      cur = next;
    }
    return cur;
  }
}
