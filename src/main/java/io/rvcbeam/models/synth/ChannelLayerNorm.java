package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** VITS "LayerNorm": normalises each time step's channel vector of [B, C, T] (eps 1e-5). */
public final class ChannelLayerNorm {

  private final NDArray gamma;
  private final NDArray beta;
  private final int channels;

  public ChannelLayerNorm(SynthWeights w, String prefix, int channels) {
    this.channels = channels;
    gamma = w.plain(prefix + ".gamma", channels);
    beta = w.plain(prefix + ".beta", channels);
  }

  /** @param x [B, C, T] */
  public NDArray forward(NDArray x) {
    NDArray t = x.transpose(0, 2, 1);
    NDArray y = t.getNDArrayInternal()
        .layerNorm(t, new Shape(channels), gamma, beta, 1e-5f)
        .singletonOrThrow();
    return y.transpose(0, 2, 1);
  }
}
