package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

/**
 * ConvTranspose1d (groups 1, dilation 1, output_padding 0) without DJL's missing deconvolution:
 * one ordinary convolution computes all {@code s} output phases as {@code Cout·s} channels,
 * which are then interleaved in time and cropped by {@code padding}.
 *
 * <p>With {@code k = r + s·m} (phase r, tap m, M = ceil(K/s) taps), the full transposed output is
 * {@code y[o, s·q + r] = Σ_{i,m} W[i, o, r + s·m] · x[i, q − m]}: a cross-correlation of x,
 * zero-padded by M−1 on both sides, with the tap-reversed kernel {@code W[i, o, r + s·(M−1−j)]}.
 */
public final class PolyphaseConvTranspose {

  private final NDArray phaseWeight; // [Cout·s, Cin, M]
  private final NDArray phaseBias; // [Cout·s]
  private final int cout;
  private final int stride;
  private final int taps;
  private final int padding;
  private final int kernel;

  /**
   * @param weight folded ConvTranspose1d weight, C order [Cin, Cout, K]
   * @param bias [Cout]
   */
  public PolyphaseConvTranspose(SynthWeights w, float[] weight, float[] bias, int cin, int cout,
      int kernel, int stride, int padding) {
    this.cout = cout;
    this.stride = stride;
    this.kernel = kernel;
    this.padding = padding;
    this.taps = (kernel + stride - 1) / stride;
    float[] pw = new float[cout * stride * cin * taps];
    for (int o = 0; o < cout; o++) {
      for (int r = 0; r < stride; r++) {
        for (int i = 0; i < cin; i++) {
          for (int j = 0; j < taps; j++) {
            int k = r + stride * (taps - 1 - j);
            if (k < kernel) {
              pw[((o * stride + r) * cin + i) * taps + j] = weight[(i * cout + o) * kernel + k];
            }
          }
        }
      }
    }
    float[] pb = new float[cout * stride];
    for (int o = 0; o < cout; o++) {
      for (int r = 0; r < stride; r++) {
        pb[o * stride + r] = bias[o];
      }
    }
    this.phaseWeight = w.upload(pw, (long) cout * stride, cin, taps);
    this.phaseBias = w.upload(pb, (long) cout * stride);
  }

  /** Output length of PyTorch's ConvTranspose1d for input length {@code len}. */
  public long outputLength(long len) {
    return (len - 1) * stride - 2L * padding + kernel;
  }

  /** @param x [B, Cin, L] → [B, Cout, (L−1)·s − 2p + K] */
  public NDArray forward(NDArray x) {
    Shape s = x.getShape();
    long b = s.get(0);
    long len = s.get(2);
    long q = len + taps - 1;
    NDArray phases = Conv1d.conv1d(x, phaseWeight, phaseBias, new Shape(1),
            new Shape(taps - 1), new Shape(1), 1)
        .singletonOrThrow(); // [B, Cout·s, Q]
    NDArray full = phases.reshape(b, cout, stride, q).transpose(0, 1, 3, 2)
        .reshape(b, cout, q * stride); // [B, Cout, Q·s], Q·s ≥ (L−1)·s + K
    long out = outputLength(len);
    return full.get(":, :, " + padding + ":" + (padding + out));
  }
}
