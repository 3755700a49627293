package io.rvcbeam.models.rmvpe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.nn.Parameters;
import java.util.Arrays;

/**
 * A stride-1 Conv2d with "same" padding and a bias, optionally with the BatchNorm that follows it
 * folded in ({@code BN(conv(x)) = conv'(x)} with per-output-channel scaled weights and a shifted
 * bias).
 */
final class FoldedConv2d {

  private final NDArray weight; // [Cout, Cin, kh, kw]
  private final NDArray bias; // [Cout]
  private final Shape padding;
  private final int inChannels;
  private final int outChannels;

  private FoldedConv2d(NDArray weight, NDArray bias, int inChannels, int outChannels, long kh,
      long kw) {
    this.weight = weight;
    this.bias = bias;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.padding = new Shape((kh - 1) / 2, (kw - 1) / 2);
  }

  /** {@code convKey} (a bias-free conv weight) followed by the BatchNorm at {@code bnPrefix}. */
  static FoldedConv2d withBatchNorm(Parameters p, String convKey, String bnPrefix) {
    long[] shape = checkShape(p, convKey);
    float[] w = p.host(convKey).toFloatArray();
    FoldedBatchNorm bn = FoldedBatchNorm.read(p, bnPrefix);
    int cout = (int) shape[0];
    if (bn.channels() != cout) {
      throw new IllegalArgumentException(p.source() + ": BatchNorm '" + bnPrefix + "' has "
          + bn.channels() + " channels, conv '" + convKey + "' has " + cout);
    }
    int per = w.length / cout;
    float[] folded = new float[w.length];
    float[] b = new float[cout];
    for (int o = 0; o < cout; o++) {
      for (int i = 0; i < per; i++) {
        folded[o * per + i] = (float) (w[o * per + i] * bn.scale()[o]);
      }
      b[o] = (float) bn.shift()[o];
    }
    return build(p, folded, b, shape);
  }

  /** A conv with its own bias: {@code prefix.weight}, {@code prefix.bias}. */
  static FoldedConv2d plain(Parameters p, String prefix) {
    long[] shape = checkShape(p, prefix + ".weight");
    float[] w = p.host(prefix + ".weight").toFloatArray();
    float[] b = p.host(prefix + ".bias").toFloatArray();
    if (b.length != shape[0]) {
      throw new IllegalArgumentException(p.source() + ": bias '" + prefix + ".bias' has "
          + b.length + " entries, expected " + shape[0]);
    }
    return build(p, w, b, shape);
  }

  private static long[] checkShape(Parameters p, String key) {
    long[] shape = p.shape(key);
    if (shape.length != 4 || shape[2] % 2 == 0 || shape[3] % 2 == 0) {
      throw new IllegalArgumentException(p.source() + ": conv weight '" + key
          + "' should be [Cout, Cin, odd, odd], is " + Arrays.toString(shape));
    }
    return shape;
  }

  private static FoldedConv2d build(Parameters p, float[] w, float[] b, long[] shape) {
    NDArray weight = Uploads.constant(p.manager(), w, p.dtype(), shape);
    NDArray bias = Uploads.constant(p.manager(), b, p.dtype(), shape[0]);
    return new FoldedConv2d(weight, bias, (int) shape[1], (int) shape[0], shape[2], shape[3]);
  }

  int inChannels() {
    return inChannels;
  }

  int outChannels() {
    return outChannels;
  }

  /** [B, Cin, H, W] -> [B, Cout, H, W], on x's manager. */
  NDArray forward(NDArray x) {
    return x.getNDArrayInternal()
        .convolution(x, weight, bias, new Shape(1, 1), padding, new Shape(1, 1), 1)
        .singletonOrThrow();
  }
}
