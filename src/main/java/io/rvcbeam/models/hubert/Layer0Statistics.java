package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import java.util.function.Function;

/**
 * Layer 0's GroupNorm (one group per channel) for a front end run window by window: the mean and
 * biased variance of each (row, channel) over the row's real layer-0 frames, gathered over
 * windows of the input, then applied to one window at a time.
 *
 * <p>Two passes (sums for the mean, then squared deviations from it) rather than one pass of
 * sums and sums of squares, which loses the variance to cancellation when a channel's mean is
 * large against its spread. Each window's per-channel sums are taken in float32 by the engine and
 * added up across windows in double here; they are [B, C0] per window, so the host round trip is
 * small.
 */
final class Layer0Statistics implements AutoCloseable {

  private final long[] realFrames; // per row: layer-0 frames over real samples
  private final boolean padded;
  private final NDArray mean; // [B, C0, 1] float32
  private final NDArray rstd; // [B, C0, 1] float32, 1 / sqrt(variance + eps)
  private final NDArray gamma; // [1, C0, 1] float32
  private final NDArray beta; // [1, C0, 1] float32

  private Layer0Statistics(long[] realFrames, boolean padded, NDArray mean, NDArray rstd,
      NDArray gamma, NDArray beta) {
    this.realFrames = realFrames;
    this.padded = padded;
    this.mean = mean;
    this.rstd = rstd;
    this.gamma = gamma;
    this.beta = beta;
  }

  /**
   * @param audio [B, L] in the compute dtype
   * @param samples real samples per row, or null when every row is real to its end
   * @param span layer-0 frames per window
   */
  static Layer0Statistics gather(FeatureExtractor extractor, HubertConfig config, NDArray audio,
      int[] samples, long span) {
    int rows = Math.toIntExact(audio.getShape().get(0));
    int channels = config.convDim(0);
    long frames = (audio.getShape().get(1) - config.convKernel(0)) / config.convStride(0) + 1;
    long[] real = new long[rows];
    for (int b = 0; b < rows; b++) {
      real[b] = samples == null ? frames
          : Math.max(0, extractor.realLayer0Frames(samples[b], frames));
    }
    Pass pass = new Pass(extractor, config, audio, real, samples != null, span, frames);
    NDManager m = audio.getManager();
    double[] sums = pass.sum(x -> x); // x: [B, C0, w] float32, padding zeroed
    float[] means = new float[sums.length];
    for (int i = 0; i < sums.length; i++) {
      long n = real[i / channels];
      means[i] = n > 0 ? (float) (sums[i] / n) : 0f;
    }
    NDArray mean = m.create(means, new Shape(rows, channels, 1));
    double[] squares = pass.sum(x -> x.subi(mean).muli(x)); // [B, C0, w]: (x - mean)²
    float[] rstds = new float[squares.length];
    for (int i = 0; i < squares.length; i++) {
      long n = real[i / channels];
      double variance = n > 0 ? squares[i] / n : 0;
      rstds[i] = (float) (1 / Math.sqrt(variance + FeatureExtractor.GROUP_NORM_EPS));
    }
    NDArray rstd = m.create(rstds, new Shape(rows, channels, 1));
    return new Layer0Statistics(real, samples != null, mean, rstd, extractor.normGamma(),
        extractor.normBeta());
  }

  /**
   * GroupNorm of one window of layer 0's output, frames after a row's real end zeroed.
   *
   * @param conv [B, C0, w] in the compute dtype, layer-0 frames [first, first + w); closed
   * @return [B, C0, w] in the compute dtype, on conv's manager
   */
  NDArray normalise(NDArray conv, long first) {
    DataType dtype = conv.getDataType();
    NDArray x = conv.toType(DataType.FLOAT32, false); // [B, C0, w]
    if (x != conv) {
      conv.close();
    }
    x.subi(mean).muli(rstd).muli(gamma).addi(beta);
    if (padded) {
      try (NDArray keep = realMask(x.getManager(), realFrames, first, x.getShape().get(2))) {
        x.muli(keep);
      }
    }
    if (dtype == DataType.FLOAT32) {
      return x;
    }
    NDArray cast = x.toType(dtype, false);
    x.close();
    return cast;
  }

  @Override
  public void close() {
    mean.close();
    rstd.close();
  }

  /** [B, 1, w] float32: 1 where layer-0 frame first + j is real in row b, else 0. */
  private static NDArray realMask(NDManager m, long[] real, long first, long width) {
    float[] keep = new float[Math.toIntExact(real.length * width)];
    for (int b = 0; b < real.length; b++) {
      for (int j = 0; j < width; j++) {
        keep[(int) (b * width) + j] = first + j < real[b] ? 1f : 0f;
      }
    }
    return m.create(keep, new Shape(real.length, 1, width));
  }

  /** One pass of conv 0 over the input in windows of layer-0 frames. */
  private record Pass(FeatureExtractor extractor, HubertConfig config, NDArray audio,
      long[] real, boolean padded, long span, long frames) {

    /**
     * Per (row, channel), the sum over real frames of {@code term} of layer 0's float32 output.
     *
     * @param term [B, C0, w] float32 to [B, C0, w]; may work in place
     * @return B × C0 sums, row-major
     */
    double[] sum(Function<NDArray, NDArray> term) {
      int channels = config.convDim(0);
      double[] total = new double[real.length * channels];
      int stride = config.convStride(0);
      for (long g0 = 0; g0 < frames; g0 += span) {
        long g1 = Math.min(frames, g0 + span);
        try (NDManager window = audio.getManager().newSubManager()) {
          NDArray slice = audio.get(new NDIndex(":, {}:{}", stride * g0,
              stride * (g1 - 1) + config.convKernel(0))); // [B, n]
          slice.attach(window);
          NDArray conv = extractor.conv(0, slice.expandDims(1)); // [B, C0, g1 - g0]
          NDArray x = conv.toType(DataType.FLOAT32, false);
          NDArray t = term.apply(x);
          if (padded) {
            t.muli(realMask(window, real, g0, g1 - g0));
          }
          float[] sums = t.sum(new int[] {2}).toFloatArray(); // [B, C0]
          for (int i = 0; i < total.length; i++) {
            total[i] += sums[i];
          }
        }
      }
      return total;
    }
  }
}
