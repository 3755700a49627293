package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

/**
 * Downsampling by an integer factor with a Kaiser-windowed sinc, as
 * {@code torchaudio.functional.resample(x, r·n, n, lowpass_filter_width=64,
 * rolloff=0.9475937167399596, resampling_method="sinc_interp_kaiser", beta=14.769656459379492)}
 * computes it (RefineGAN's anti-aliased source path): one filter of {@code 2·width + r} taps,
 * the input zero-padded by width on the left and width + r on the right, a stride-r
 * convolution per channel, the first {@code ceil(L / r)} outputs kept.
 *
 * <p>DJL has no resampler of this kind; the filter is built here in float32 with the steps of
 * torchaudio's kernel (its arithmetic is float32 for float32 input).
 */
public final class SincDownsampler {

  static final int LOWPASS_FILTER_WIDTH = 64;
  static final double ROLLOFF = 0.9475937167399596;
  static final double BETA = 14.769656459379492;

  private final int factor;
  private final int width;
  private final NDArray kernel; // [1, 1, 2·width + factor]

  public SincDownsampler(SynthWeights w, int factor) {
    this.factor = factor;
    float[] k = kernel(factor);
    this.width = (k.length - factor) / 2;
    this.kernel = w.upload(k, 1, 1, k.length);
  }

  /** The filter taps (torchaudio's kernel for orig_freq = factor, new_freq = 1). */
  static float[] kernel(int factor) {
    double baseFreq = Math.min(factor, 1) * ROLLOFF;
    int width = (int) Math.ceil(LOWPASS_FILTER_WIDTH * factor / baseFreq);
    float base = (float) baseFreq;
    float lpw = LOWPASS_FILTER_WIDTH;
    float i0Beta = (float) besselI0((float) BETA);
    float scale = (float) (baseFreq / factor);
    float pi = (float) Math.PI;
    float[] taps = new float[2 * width + factor];
    for (int j = 0; j < taps.length; j++) {
      float t = 0f + (float) (j - width) / (float) factor;
      t *= base;
      t = Math.max(-lpw, Math.min(lpw, t));
      float u = t / lpw;
      float arg = (float) BETA * (float) Math.sqrt(1f - u * u);
      float window = (float) besselI0(arg) / i0Beta;
      t *= pi;
      float sinc = t == 0f ? 1f : (float) Math.sin(t) / t;
      taps[j] = sinc * (window * scale);
    }
    return taps;
  }

  /** The modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double term = 1;
    double sum = 1;
    double q = x * x / 4;
    for (int k = 1; k < 500 && term > sum * 1e-17; k++) {
      term *= q / ((double) k * k);
      sum += term;
    }
    return sum;
  }

  /** @param x [1, C, L] → [1, C, ceil(L / factor)] */
  public NDArray forward(NDArray x) {
    Shape s = x.getShape();
    long c = s.get(1);
    long len = s.get(2);
    long out = (len + factor - 1) / factor;
    NDArray padded = x.reshape(c, 1, len).pad(new Shape(width, width + factor), 0); // [C, 1, L+2w+r]
    NDArray y = Conv1d.conv1d(padded, kernel, null, new Shape(factor), new Shape(0),
        new Shape(1), 1).singletonOrThrow(); // [C, 1, L/r + 1]
    return y.get(":, :, :" + out).reshape(1, c, out);
  }
}
