package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.nn.Parameters;

/** Conv features to the transformer width: layer norm (if present), then a linear layer. */
final class FeatureProjection {

  private static final String PREFIX = "feature_projection.";

  private final NDArray normGamma;
  private final NDArray normBeta;
  private final NDArray weight; // [H, C]
  private final NDArray bias; // [H]
  private final float eps;

  FeatureProjection(HubertConfig config, Parameters p) {
    int c = config.convDim(config.convLayers() - 1);
    int h = config.hiddenSize();
    if (config.projectionLayerNorm()) {
      normGamma = p.get(PREFIX + "layer_norm.weight", c);
      normBeta = p.get(PREFIX + "layer_norm.bias", c);
    } else {
      normGamma = null;
      normBeta = null;
    }
    weight = p.get(PREFIX + "projection.weight", h, c);
    bias = p.get(PREFIX + "projection.bias", h);
    eps = config.layerNormEps();
  }

  /** [B, T, C] to [B, T, H]. */
  NDArray forward(NDArray features) {
    if (normGamma == null) {
      return HubertOps.linear(features, weight, bias);
    }
    try (NDArray normed = HubertOps.layerNorm(features, normGamma, normBeta, eps)) {
      return HubertOps.linear(normed, weight, bias);
    }
  }
}
