package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
import io.rvcbeam.nn.Parameters;

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

  private HubertNetwork(HubertConfig config, Parameters p) {
    this.config = config;
    int h = config.hiddenSize();
    featureExtractor = new FeatureExtractor(config, p);
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
    return new HubertNetwork(config, p);
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
    if (layer < 0 || layer > layers.length) {
      throw new IllegalArgumentException(
          "layer " + layer + " out of range 0.." + layers.length);
    }
    NDArray x = HubertOps.scoped(audio,
        a -> featureProjection.forward(featureExtractor.forward(a).transpose(0, 2, 1)));
    x = replace(x, HubertOps.scoped(x, y -> HubertOps.layerNorm(
        positionalConv.forward(y), encoderNormGamma, encoderNormBeta,
        config.layerNormEps())));
    for (int l = 0; l < layer; l++) {
      x = replace(x, HubertOps.scoped(x, layers[l]::forward));
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
