package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.nn.Parameters;

/**
 * The convolutional front end: raw samples to one vector every {@code hop} samples.
 *
 * <p>Layer 0 is conv, GroupNorm with one group per channel (each channel normalised over time,
 * biased variance, computed in float32 as fairseq's {@code Fp32GroupNorm} does), GELU; every
 * other layer is conv, GELU.
 *
 * <p>Rows padded to one length pass their real lengths: layer 0's normalisation then runs per
 * row over its real frames only (the statistics of an unpadded row), and later frames of a row
 * never see its padding, because a frame's window ends where the row's real samples do.
 */
final class FeatureExtractor {

  private static final String PREFIX = "feature_extractor.conv_layers.";
  /** torch GroupNorm's default; HF and fairseq do not pass layer_norm_eps to it. */
  static final float GROUP_NORM_EPS = 1e-5f;

  /**
   * Output frames per window, 5 s at HuBERT's 320-sample hop: layer 0's output for one window is
   * then [B, 512, ~16000], 33 MB at batch 1 in float32, where a whole 40-s chunk gives 262 MB.
   */
  static final int WINDOW_FRAMES = 250;

  private final HubertConfig config;
  private final int windowFrames;
  private final NDArray[] weights;
  private final NDArray[] biases;
  private final NDArray normGamma; // [1, C0, 1] float32
  private final NDArray normBeta; // [1, C0, 1] float32

  FeatureExtractor(HubertConfig config, Parameters p) {
    this(config, p, WINDOW_FRAMES);
  }

  /** @param windowFrames output frames per window of {@link #forward(NDArray, int[])} */
  FeatureExtractor(HubertConfig config, Parameters p, int windowFrames) {
    if (windowFrames < 1) {
      throw new IllegalArgumentException("window of " + windowFrames + " frames");
    }
    this.config = config;
    this.windowFrames = windowFrames;
    int n = config.convLayers();
    weights = new NDArray[n];
    biases = new NDArray[n];
    long inChannels = 1;
    for (int i = 0; i < n; i++) {
      long out = config.convDim(i);
      weights[i] = p.get(PREFIX + i + ".conv.weight", out, inChannels, config.convKernel(i));
      biases[i] = config.convBias() ? p.get(PREFIX + i + ".conv.bias", out) : null;
      inChannels = out;
    }
    long c0 = config.convDim(0);
    normGamma = p.get(PREFIX + "0.layer_norm.weight", c0)
        .toType(DataType.FLOAT32, false).reshape(1, c0, 1);
    normBeta = p.get(PREFIX + "0.layer_norm.bias", c0)
        .toType(DataType.FLOAT32, false).reshape(1, c0, 1);
  }

  /** {@code audio} [B, L] in the compute dtype, to [B, C, T]. */
  NDArray forward(NDArray audio) {
    return forward(audio, null);
  }

  /**
   * @param audio [B, L] in the compute dtype
   * @param samples real samples per row, or null when every row is real to its end
   * @return [B, C, T]; frames after a row's {@code frames(samples)} are padding
   */
  NDArray forward(NDArray audio, int[] samples) {
    long frames = config.frames(audio.getShape().get(1));
    if (frames <= windowFrames) {
      return wholeInput(audio, samples);
    }
    return windowed(audio, samples, frames);
  }

  /** The stack over the whole input at once; every temporary is as long as the input. */
  private NDArray wholeInput(NDArray audio, int[] samples) {
    NDArray conv = conv(0, audio.expandDims(1)); // [B, C0, T0]
    NDArray normed = samples == null ? groupNormPerChannel(conv) : groupNormPerRow(conv,
        samples);
    if (normed != conv) {
      conv.close();
    }
    return upperLayers(normed);
  }

  /**
   * The stack window by window: {@link #windowFrames} output frames at a time, each from the
   * samples it sees, so no temporary grows with the input.
   *
   * <p>Output frame f sees samples [hop·f, hop·f + receptive field). A window of frames
   * [f0, f1) therefore runs on samples [hop·f0, hop·(f1−1) + receptive field); as it starts on a
   * multiple of the hop, which every layer's stride divides, each layer's frames in the window
   * are exactly its frames of the whole input. Only layer 0's normalisation looks further: its
   * mean and variance run over all of a row's (real) layer-0 frames, so they are gathered first
   * in two passes over windows (mean, then squared deviations from it, for accuracy), and the
   * third pass normalises each window with them. Each pass runs conv 0 again rather than keeping
   * its output: with a single input channel it is under 1 % of the stack's multiply-adds (5,120
   * per layer-0 frame against ~786,000 per layer-1 frame for HuBERT base), while its output is
   * the stack's largest array.
   */
  private NDArray windowed(NDArray audio, int[] samples, long frames) {
    Layer0Statistics stats = Layer0Statistics.gather(this, config, audio, samples,
        windowFrames * (config.hop() / config.convStride(0)));
    NDManager caller = audio.getManager();
    NDList pieces = new NDList();
    try {
      for (long f0 = 0; f0 < frames; f0 += windowFrames) {
        long f1 = Math.min(frames, f0 + windowFrames);
        long start = config.hop() * f0;
        long end = config.hop() * (f1 - 1) + config.receptiveField();
        try (NDManager window = caller.newSubManager()) {
          NDArray slice = audio.get(new NDIndex(":, {}:{}", start, end)); // [B, n]
          slice.attach(window);
          NDArray conv = conv(0, slice.expandDims(1)); // [B, C0, n0]
          NDArray piece = upperLayers(stats.normalise(conv, start / config.convStride(0)));
          if (piece.getShape().get(2) != f1 - f0) { // [B, C, f1 - f0]
            throw new IllegalStateException("window [" + f0 + ", " + f1 + ") gave "
                + piece.getShape().get(2) + " frames");
          }
          piece.attach(caller);
          pieces.add(piece);
        }
      }
      return NDArrays.concat(pieces, 2); // [B, C, T]
    } finally {
      stats.close();
      pieces.close();
    }
  }

  /** Layer {@code i}'s convolution: [B, C_(i-1), T_(i-1)] to [B, C_i, T_i]; closes x. */
  NDArray conv(int i, NDArray x) {
    NDArray conv = Conv1d.conv1d(x, weights[i], biases[i], new Shape(config.convStride(i)),
        new Shape(0), new Shape(1), 1).singletonOrThrow(); // [B, C_i, T_i]
    x.close();
    return conv;
  }

  /** GELU of layer 0's normalised output, then layers 1..: [B, C0, T0] to [B, C, T]; closes x. */
  private NDArray upperLayers(NDArray x) {
    NDArray y = Activation.gelu(x);
    x.close();
    for (int i = 1; i < weights.length; i++) {
      NDArray conv = conv(i, y);
      y = Activation.gelu(conv);
      conv.close();
    }
    return y;
  }

  /** Layer 0's real frames in a row of {@code samples} samples, at most {@code frames}. */
  long realLayer0Frames(int samples, long frames) {
    return Math.min(frames, (samples - config.convKernel(0)) / config.convStride(0) + 1L);
  }

  /** [1, C0, 1] float32. */
  NDArray normGamma() {
    return normGamma;
  }

  /** [1, C0, 1] float32. */
  NDArray normBeta() {
    return normBeta;
  }

  /**
   * {@link #groupNormPerChannel} of each row's real frames, zeros after them, written into
   * {@code x} in place: every row is normalised as it is alone, by an op of its own shape. (In
   * place because fresh activation buffers cost page faults: a copy of the whole batch costs
   * about as much as the normalisation.)
   *
   * @return {@code x}
   */
  private NDArray groupNormPerRow(NDArray x, int[] samples) {
    long frames = x.getShape().get(2); // x: [B, C, T]
    for (int b = 0; b < samples.length; b++) {
      long real = realLayer0Frames(samples[b], frames);
      NDIndex row = new NDIndex(b + ":" + (b + 1) + ", :, :" + real);
      try (NDArray normed = groupNormPerChannel(x.get(row))) { // [1, C, real]
        x.set(row, normed);
      }
      if (real < frames) {
        x.set(new NDIndex(b + ", :, " + real + ":"), 0f);
      }
    }
    return x;
  }

  /** GroupNorm with groups == channels: layer norm over time, then a per-channel affine. */
  private NDArray groupNormPerChannel(NDArray x) {
    boolean wide = x.getDataType() == DataType.FLOAT32;
    NDManager m = x.getManager();
    long t = x.getShape().get(2);
    NDArray x32 = wide ? x : x.toType(DataType.FLOAT32, true);
    try (NDArray ones = m.ones(new Shape(t)); NDArray zeros = m.zeros(new Shape(t))) {
      NDArray y = HubertOps.layerNorm(x32, ones, zeros, GROUP_NORM_EPS);
      if (!wide) {
        x32.close();
      }
      y.muli(normGamma).addi(normBeta);
      if (wide) {
        return y;
      }
      NDArray cast = y.toType(x.getDataType(), true);
      y.close();
      return cast;
    }
  }
}
