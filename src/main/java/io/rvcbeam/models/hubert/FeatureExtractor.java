package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
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
  private static final float GROUP_NORM_EPS = 1e-5f;

  private final HubertConfig config;
  private final NDArray[] weights;
  private final NDArray[] biases;
  private final NDArray normGamma; // [1, C0, 1] float32
  private final NDArray normBeta; // [1, C0, 1] float32

  FeatureExtractor(HubertConfig config, Parameters p) {
    this.config = config;
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
    NDArray x = audio.expandDims(1); // [B, 1, L]
    for (int i = 0; i < weights.length; i++) {
      NDArray conv = Conv1d.conv1d(x, weights[i], biases[i], new Shape(config.convStride(i)),
          new Shape(0), new Shape(1), 1).singletonOrThrow(); // [B, C_i, T_i]
      x.close();
      if (i == 0) {
        NDArray normed = samples == null ? groupNormPerChannel(conv) : groupNormPerRow(conv,
            samples);
        if (normed != conv) {
          conv.close();
        }
        conv = normed;
      }
      x = Activation.gelu(conv);
      conv.close();
    }
    return x;
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
      long real = Math.min(frames, (samples[b] - config.convKernel(0)) / config.convStride(0)
          + 1L);
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
