package io.rvcbeam.models.hubert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.nn.Parameters;

/**
 * One post-LN transformer layer: {@code x = LN(x + MHA(x)); x = LN(x + FFN(x))}, FFN =
 * linear, GELU (erf), linear. Padded rows pass a key bias (0 on real frames, −∞ on padding), so
 * no real frame attends to padding. Attention runs one head at a time, so the [T, T] scores of
 * only one head exist at once.
 *
 * <p>q, k and v are one fused [3H, H] projection; the 1/sqrt(head size) scaling is folded into
 * the q rows at load (exact for 64-wide heads, where it is 1/8).
 */
final class EncoderLayer {

  private final int heads;
  private final int headSize;
  private final float eps;
  private final NDArray qkvWeight; // [3H, H]
  private final NDArray qkvBias; // [3H]
  private final NDArray outWeight; // [H, H]
  private final NDArray outBias;
  private final NDArray attnNormGamma;
  private final NDArray attnNormBeta;
  private final NDArray ffnInWeight; // [F, H]
  private final NDArray ffnInBias;
  private final NDArray ffnOutWeight; // [H, F]
  private final NDArray ffnOutBias;
  private final NDArray ffnNormGamma;
  private final NDArray ffnNormBeta;

  EncoderLayer(HubertConfig config, Parameters p, int index) {
    String prefix = "encoder.layers." + index + ".";
    int h = config.hiddenSize();
    int f = config.intermediateSize();
    heads = config.numHeads();
    headSize = config.headSize();
    eps = config.layerNormEps();
    String attn = prefix + "attention.";
    float scale = (float) (1.0 / Math.sqrt(headSize));
    qkvWeight = fusedQkv(p, attn, "weight", scale, h, h);
    qkvBias = fusedQkv(p, attn, "bias", scale, h);
    outWeight = p.get(attn + "out_proj.weight", h, h);
    outBias = p.get(attn + "out_proj.bias", h);
    attnNormGamma = p.get(prefix + "layer_norm.weight", h);
    attnNormBeta = p.get(prefix + "layer_norm.bias", h);
    ffnInWeight = p.get(prefix + "feed_forward.intermediate_dense.weight", f, h);
    ffnInBias = p.get(prefix + "feed_forward.intermediate_dense.bias", f);
    ffnOutWeight = p.get(prefix + "feed_forward.output_dense.weight", h, f);
    ffnOutBias = p.get(prefix + "feed_forward.output_dense.bias", h);
    ffnNormGamma = p.get(prefix + "final_layer_norm.weight", h);
    ffnNormBeta = p.get(prefix + "final_layer_norm.bias", h);
  }

  /** q (scaled), k and v projections stacked along axis 0; load-time temporaries are freed. */
  private static NDArray fusedQkv(Parameters p, String attn, String name, float scale,
      long... shape) {
    try (NDArray q = p.get(attn + "q_proj." + name, shape);
        NDArray k = p.get(attn + "k_proj." + name, shape);
        NDArray v = p.get(attn + "v_proj." + name, shape);
        NDArray scaled = q.mul(scale)) {
      return NDArrays.concat(new NDList(scaled, k, v), 0);
    }
  }

  /**
   * [B, T, H] to [B, T, H]; temporaries stay on x's manager (run it scoped).
   *
   * @param keyBias [B, 1, 1, T] added to the attention scores, or null
   */
  NDArray forward(NDArray x, NDArray keyBias) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    NDArray fused = HubertOps.linear(x, qkvWeight, qkvBias); // [B, T, 3H]
    NDList qkv = fused.split(3, 2); // 3 x [B, T, H]
    NDArray q = byHead(qkv.get(0), b, t, 0, 2, 1, 3); // [B, h, T, d]
    NDArray kT = byHead(qkv.get(1), b, t, 0, 2, 3, 1); // [B, h, d, T]
    NDArray v = byHead(qkv.get(2), b, t, 0, 2, 1, 3); // [B, h, T, d]
    NDList contexts = new NDList(heads);
    for (int i = 0; i < heads; i++) {
      try (NDArray head = attendOneHead(q, kT, v, keyBias, i); // [B, 1, T, d]
          NDArray moved = head.transpose(0, 2, 1, 3)) { // [B, T, 1, d]
        contexts.add(moved.reshape(b, t, headSize)); // [B, T, d]
      }
    }
    NDArray context = NDArrays.concat(contexts, 2); // [B, T, H], heads in order
    // Each temporary is closed once read, so the layer holds few [B, T, ·] arrays at a time.
    new NDList(q, kT, v, fused).addAll(qkv).addAll(contexts).close();
    NDArray attended = HubertOps.linear(context, outWeight, outBias); // [B, T, H]
    context.close();
    NDArray residual = x.add(attended);
    attended.close();
    NDArray y = HubertOps.layerNorm(residual, attnNormGamma, attnNormBeta, eps); // [B, T, H]
    residual.close();
    NDArray inner = HubertOps.linear(y, ffnInWeight, ffnInBias); // [B, T, F]
    NDArray hidden = Activation.gelu(inner); // [B, T, F]
    inner.close();
    NDArray ffn = HubertOps.linear(hidden, ffnOutWeight, ffnOutBias); // [B, T, H]
    hidden.close();
    NDArray residual2 = y.add(ffn);
    y.close();
    ffn.close();
    return HubertOps.layerNorm(residual2, ffnNormGamma, ffnNormBeta, eps);
  }

  /** [B, T, H] to [B, T, h, d], then permuted by {@code axes}; the reshaped handle is closed. */
  private NDArray byHead(NDArray x, long b, long t, int... axes) {
    try (NDArray split = x.reshape(b, t, heads, headSize)) { // [B, T, h, d]
      return split.transpose(axes);
    }
  }

  /**
   * Softmax attention of head {@code i} alone, so only its [B, 1, T, T] scores exist at a time
   * (all heads' scores at once are heads × as large: 192 MB for 12 heads at 2000 frames).
   *
   * @return [B, 1, T, d]
   */
  private static NDArray attendOneHead(NDArray q, NDArray kT, NDArray v, NDArray keyBias, int i) {
    NDIndex head = new NDIndex(":, {}:{}", i, i + 1);
    try (NDArray qi = q.get(head); // [B, 1, T, d]
        NDArray kTi = kT.get(head); // [B, 1, d, T]
        NDArray vi = v.get(head); // [B, 1, T, d]
        NDArray scores = qi.matMul(kTi)) { // [B, 1, T, T]
      if (keyBias != null) {
        scores.addi(keyBias); // [B, 1, 1, T]
      }
      try (NDArray probs = scores.softmax(-1)) {
        return probs.matMul(vi);
      }
    }
  }
}
