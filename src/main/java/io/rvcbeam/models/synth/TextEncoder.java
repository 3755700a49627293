package io.rvcbeam.models.synth;

import io.rvcbeam.nn.Scoped;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The prior encoder {@code enc_p} (docs/algorithm.md §8.3): phone projection (+ coarse-pitch embedding),
 * a post-LN relative-position transformer, and a 1×1 projection to {@code m_p, logs_p}.
 *
 * <p>Batched: every convolution sees its input multiplied by the frame mask, as in the reference,
 * so padding frames of a shorter item contribute exactly what the reference's zero padding does.
 */
public final class TextEncoder {

  private static final int WINDOW = 10;

  private final NDArray phoneWeightT; // [Cphone, H]
  private final NDArray phoneBias; // [H]
  private final NDArray pitchEmbedding; // [256, H] or null
  private final RelativePositionAttention[] attention;
  private final ChannelLayerNorm[] norm1;
  private final ChannelLayerNorm[] norm2;
  private final Conv1dLayer[] ffn1;
  private final Conv1dLayer[] ffn2;
  private final Conv1dLayer proj;
  private final int hidden;
  private final int out;

  /** The prior's outputs, [B, out, T] each. */
  public record Prior(NDArray mean, NDArray logStd) {}

  public TextEncoder(SynthWeights w, int phoneDim, boolean withPitch, int out, int hidden,
      int filter, int heads, int layers, int kernel) {
    this.hidden = hidden;
    this.out = out;
    float[] pw = w.hostPlain("enc_p.emb_phone.weight", hidden, phoneDim);
    float[] pwT = new float[pw.length];
    for (int o = 0; o < hidden; o++) {
      for (int i = 0; i < phoneDim; i++) {
        pwT[i * hidden + o] = pw[o * phoneDim + i];
      }
    }
    phoneWeightT = w.upload(pwT, phoneDim, hidden);
    phoneBias = w.plain("enc_p.emb_phone.bias", hidden);
    pitchEmbedding = withPitch ? w.plain("enc_p.emb_pitch.weight", 256, hidden) : null;
    attention = new RelativePositionAttention[layers];
    norm1 = new ChannelLayerNorm[layers];
    norm2 = new ChannelLayerNorm[layers];
    ffn1 = new Conv1dLayer[layers];
    ffn2 = new Conv1dLayer[layers];
    String e = "enc_p.encoder.";
    for (int l = 0; l < layers; l++) {
      attention[l] = new RelativePositionAttention(w, e + "attn_layers." + l, hidden, heads, WINDOW);
      norm1[l] = new ChannelLayerNorm(w, e + "norm_layers_1." + l, hidden);
      ffn1[l] = ffnConv(w, e + "ffn_layers." + l + ".conv_1", filter, hidden, kernel);
      ffn2[l] = ffnConv(w, e + "ffn_layers." + l + ".conv_2", hidden, filter, kernel);
      norm2[l] = new ChannelLayerNorm(w, e + "norm_layers_2." + l, hidden);
    }
    proj = w.conv("enc_p.proj", false, 2L * out, hidden, 1, 1, 0, 1);
  }

  private static Conv1dLayer ffnConv(SynthWeights w, String prefix, int o, int i, int k) {
    if (k % 2 == 0) {
      // the reference pads (k−1)/2 left and k/2 right; only odd kernels occur in RVC configs
      throw new IllegalArgumentException(w.parameters().source() + ": even FFN kernel " + k);
    }
    return w.conv(prefix, false, o, i, k, 1, (k - 1) / 2, 1);
  }

  /**
   * @param phone [B, T, Cphone]
   * @param pitch [B, T] int64 coarse pitch (ignored when the model has no pitch)
   * @param mask [B, 1, T], 1 on valid frames
   */
  public Prior forward(NDManager call, NDArray phone, NDArray pitch, NDArray mask) {
    Shape s = phone.getShape();
    long b = s.get(0);
    long t = s.get(1);
    NDArray x = phone.matMul(phoneWeightT).add(phoneBias); // [B, T, H]
    if (pitchEmbedding != null) {
      NDArray emb = CallArrays.own(call, pitchEmbedding.get(pitch.reshape(b * t)));
      x = x.add(emb.reshape(b, t, hidden));
    }
    x = x.mul((float) Math.sqrt(hidden));
    x = Activation.leakyRelu(x, 0.1f).transpose(0, 2, 1); // [B, H, T]

    x = x.mul(mask);
    for (int l = 0; l < attention.length; l++) {
      int layer = l;
      NDArray next = Scoped.run(x, in -> {
        NDArray y = attention[layer].forward(in, mask);
        NDArray h = norm1[layer].forward(in.add(y));
        y = ffn1[layer].forward(h.mul(mask));
        y = y.maximum(0f);
        y = ffn2[layer].forward(y.mul(mask)).mul(mask);
        return norm2[layer].forward(h.add(y));
      });
      x.close();
      x = next;
    }
    x = x.mul(mask);
    NDArray stats = proj.forward(x).mul(mask); // [B, 2·out, T]
    return new Prior(stats.get(":, :" + out + ", :"), stats.get(":, " + out + ":, :"));
  }
}
