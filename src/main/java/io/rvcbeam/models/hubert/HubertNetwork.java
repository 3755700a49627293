package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.nn.Parameters;
import io.rvcbeam.nn.Scoped;

/**
 * The HuBERT / ContentVec forward pass (HF {@code HubertModel} with {@code final_proj}, eval
 * mode, post-LN), built from weights with HF key names.
 *
 * <p>Holds only constant weights, on the manager of the {@link Parameters} it was built from.
 * Calls read them and never write, so one instance serves many threads. Each stage runs in a
 * scope of its own, so a call holds at most one stage's temporaries besides its result.
 */
public final class HubertNetwork {

  private final HubertConfig config;
  private final FeatureExtractor featureExtractor;
  private final FeatureProjection featureProjection;
  private final PositionalConvEmbedding positionalConv;
  private final NDArray encoderNormGamma;
  private final NDArray encoderNormBeta;
  private final EncoderLayer[] layers;
  private final NDArray finalProjWeight; // [P, H] or null
  private final NDArray finalProjBias;

  private HubertNetwork(HubertConfig config, Parameters p, int windowFrames) {
    this.config = config;
    int h = config.hiddenSize();
    featureExtractor = new FeatureExtractor(config, p, windowFrames);
    featureProjection = new FeatureProjection(config, p);
    positionalConv = new PositionalConvEmbedding(config, p);
    encoderNormGamma = p.get("encoder.layer_norm.weight", h);
    encoderNormBeta = p.get("encoder.layer_norm.bias", h);
    layers = new EncoderLayer[config.numLayers()];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = new EncoderLayer(config, p, l);
    }
    if (config.hasProjection()) {
      finalProjWeight = p.get("final_proj.weight", config.projectionSize(), h);
      finalProjBias = p.get("final_proj.bias", config.projectionSize());
    } else {
      finalProjWeight = null;
      finalProjBias = null;
    }
  }

  /** Uploads every weight the network needs through {@code p} (to its manager and dtype). */
  public static HubertNetwork build(HubertConfig config, Parameters p) {
    return new HubertNetwork(config, p, FeatureExtractor.WINDOW_FRAMES);
  }

  /** As {@link #build}, the front end run in windows of {@code windowFrames} output frames. */
  static HubertNetwork build(HubertConfig config, Parameters p, int windowFrames) {
    return new HubertNetwork(config, p, windowFrames);
  }

  public HubertConfig config() {
    return config;
  }

  /**
   * The output of transformer layer {@code layer} (1-based; 0 = the encoder input after the
   * positional conv and layer norm, HF {@code hidden_states[0]}).
   *
   * @param audio [B, L] raw samples in the compute dtype; left untouched
   * @return [B, T, H] on {@code audio}'s manager
   */
  public NDArray hidden(NDArray audio, int layer) {
    return hidden(audio, layer, null);
  }

  /**
   * As {@link #hidden(NDArray, int)} for rows padded to one length: each row's padding is kept
   * from its real frames (layer 0's normalisation over real frames only, padding zeroed before
   * the positional convolution, attention blind to padded keys), so a row's real frames are what
   * it gives alone, up to float rounding.
   *
   * @param samples real samples per row, or null when every row is real to its end
   * @return [B, T, H]; frames after a row's {@code config().frames(samples)} are padding
   */
  public NDArray hidden(NDArray audio, int layer, int[] samples) {
    if (layer < 0 || layer > layers.length) {
      throw new IllegalArgumentException(
          "layer " + layer + " out of range 0.." + layers.length);
    }
    NDArray x = Scoped.run(audio,
        a -> featureProjection.forward(featureExtractor.forward(a, samples).transpose(0, 2, 1)));
    NDArray keyBias = null; // [B, 1, 1, T]
    if (samples != null) {
      long t = x.getShape().get(1);
      float[] keep = new float[samples.length * (int) t];
      float[] bias = new float[keep.length];
      for (int b = 0; b < samples.length; b++) {
        long real = Math.min(t, config.frames(samples[b]));
        for (int f = 0; f < t; f++) {
          keep[b * (int) t + f] = f < real ? 1f : 0f;
          bias[b * (int) t + f] = f < real ? 0f : Float.NEGATIVE_INFINITY;
        }
      }
      NDManager m = x.getManager();
      DataType dtype = x.getDataType();
      try (NDArray keepA = m.create(keep, new Shape(samples.length, t, 1)).toType(dtype, false)) {
        x.muli(keepA);
      }
      keyBias = m.create(bias, new Shape(samples.length, 1, 1, t)).toType(dtype, false);
    }
    x = replace(x, Scoped.run(x, y -> HubertOps.layerNorm(
        positionalConv.forward(y), encoderNormGamma, encoderNormBeta,
        config.layerNormEps())));
    for (int l = 0; l < layer; l++) {
      EncoderLayer encoderLayer = layers[l];
      NDArray bias = keyBias;
      x = replace(x, Scoped.run(x, y -> encoderLayer.forward(y, bias)));
    }
    if (keyBias != null) {
      keyBias.close();
    }
    return x;
  }

  /** {@code final_proj}: [B, T, H] to [B, T, P], on {@code hidden}'s manager. */
  public NDArray project(NDArray hidden) {
    if (finalProjWeight == null) {
      throw new IllegalStateException("this checkpoint has no final_proj (needed for v1 features)");
    }
    return HubertOps.linear(hidden, finalProjWeight, finalProjBias);
  }

  private static NDArray replace(NDArray old, NDArray next) {
    old.close();
    return next;
  }
}
