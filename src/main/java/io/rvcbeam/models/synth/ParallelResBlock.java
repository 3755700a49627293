package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.rvcbeam.nn.Scoped;

/**
 * RefineGAN's upsampling-stage block: an input convolution (kernel 7), then three branches
 * {@code AdaIN → ResBlock(k, dilations 1/3/5, slope 0.2) → AdaIN} for k = 3, 7, 11, averaged.
 *
 * <p>AdaIN here is {@code lrelu(x + ε·w[c], 0.2)} with ε standard normal, drawn at inference too:
 * each branch draws [1, C, L] before and after its ResBlock, branch after branch.
 *
 * <p>Keys under {@code prefix}: {@code input_conv}, {@code blocks.{b}.0.weight} and
 * {@code blocks.{b}.2.weight} [C] (the AdaIN gains), {@code blocks.{b}.1.convs1/convs2.{j}}.
 */
public final class ParallelResBlock {

  static final int[] KERNELS = {3, 7, 11};
  static final int[] DILATIONS = {1, 3, 5};
  private static final float SLOPE = 0.2f;

  private final Conv1dLayer inputConv;
  private final NDArray[] gainsBefore; // [1, C, 1] per branch
  private final NDArray[] gainsAfter;
  private final ResBlock[] branches;
  private final int channels;

  public ParallelResBlock(SynthWeights w, String prefix, int in, int out) {
    channels = out;
    inputConv = w.conv(prefix + ".input_conv", false, out, in, 7, 1, 3, 1);
    int n = KERNELS.length;
    gainsBefore = new NDArray[n];
    gainsAfter = new NDArray[n];
    branches = new ResBlock[n];
    for (int b = 0; b < n; b++) {
      String block = prefix + ".blocks." + b;
      gainsBefore[b] = w.plain(block + ".0.weight", out).reshape(1, out, 1);
      branches[b] = ResBlock.kind1(w, block + ".1", out, KERNELS[b], DILATIONS, SLOPE);
      gainsAfter[b] = w.plain(block + ".2.weight", out).reshape(1, out, 1);
    }
  }

  /** @param x [1, in, L] → [1, out, L] */
  public NDArray forward(NDArray x, RandomDraws draws) {
    NDArray h = inputConv.forward(x); // [1, out, L]
    NDArray sum = null;
    for (int b = 0; b < branches.length; b++) {
      NDArray before = adaIn(h, gainsBefore[b], draws);
      NDArray mid = branches[b].forward(before);
      before.close();
      NDArray after = adaIn(mid, gainsAfter[b], draws);
      mid.close();
      if (sum == null) {
        sum = after;
      } else {
        sum.addi(after);
        after.close();
      }
    }
    h.close();
    return sum.divi((float) branches.length);
  }

  private NDArray adaIn(NDArray x, NDArray gain, RandomDraws draws) {
    long len = x.getShape().get(2);
    float[] eps = draws.normal(1, channels, len);
    return Scoped.run(x, in -> {
      NDArray noise = in.getManager().create(eps, new Shape(1, channels, len))
          .toType(in.getDataType(), false); // [1, C, L]
      return Activation.leakyRelu(in.add(noise.mul(gain)), SLOPE);
    });
  }
}
