package io.rvcbeam.models.synth;

import io.rvcbeam.nn.Scoped;
import io.rvcbeam.nn.SlotLengths;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The decoder {@code dec} (docs/algorithm.md §8.5): HiFi-GAN with global conditioning, and for pitch models the
 * NSF variant that adds a strided convolution of the harmonic source at every upsampling stage.
 *
 * <p>The reference runs it on one unpadded item and has no mask. A batch of padded slots passes
 * their lengths: every convolution's input then has its padding zeroed, so a real sample sees
 * the zeros the reference's convolution padding gives at the end of the item, and nothing of
 * the padding (non-zero after biases and the conditioning) reaches it.
 */
public final class HifiGanGenerator {

  private static final float SLOPE = 0.1f;
  private static final float FINAL_SLOPE = 0.01f;

  private final Conv1dLayer convPre;
  private final Conv1dLayer cond;
  private final PolyphaseConvTranspose[] ups;
  private final Conv1dLayer[] noiseConvs; // null without a source
  private final ResBlock[] resBlocks;
  private final Conv1dLayer convPost;
  private final int kernelsPerStage;
  private final int[] rates;

  /**
   * @param withSource NSF generator (pitch models) rather than plain HiFi-GAN
   * @param resblock "1" or "2"
   */
  public HifiGanGenerator(SynthWeights w, boolean withSource, int inChannels, String resblock,
      int[] resKernels, int[][] resDilations, int[] rates, int initialChannels, int[] upKernels,
      int gin) {
    String p = "dec.";
    convPre = w.conv(p + "conv_pre", false, initialChannels, inChannels, 7, 1, 3, 1);
    cond = w.conv(p + "cond", false, initialChannels, gin, 1, 1, 0, 1);
    int stages = rates.length;
    this.rates = rates.clone();
    ups = new PolyphaseConvTranspose[stages];
    noiseConvs = withSource ? new Conv1dLayer[stages] : null;
    kernelsPerStage = resKernels.length;
    resBlocks = new ResBlock[stages * kernelsPerStage];
    int ch = initialChannels;
    for (int i = 0; i < stages; i++) {
      int cin = ch;
      int cout = initialChannels >> (i + 1);
      int k = upKernels[i];
      int u = rates[i];
      if ((k - u) % 2 != 0) {
        throw new IllegalArgumentException(
            w.parameters().source() + ": unsupported upsampling stage (rate " + u + ", kernel " + k + ")");
      }
      String up = p + "ups." + i;
      float[] weight = w.hostNormed(up, cin, cout, k);
      float[] bias = w.hostPlain(up + ".bias", cout);
      ups[i] = new PolyphaseConvTranspose(w, weight, bias, cin, cout, k, u, (k - u) / 2);
      if (withSource) {
        int stride = 1;
        for (int m = i + 1; m < stages; m++) {
          stride *= rates[m];
        }
        int nk = stride == 1 ? 1 : 2 * stride - stride % 2;
        int pad = stride == 1 ? 0 : (nk - stride) / 2;
        noiseConvs[i] = w.conv(p + "noise_convs." + i, false, cout, 1, nk, stride, pad, 1);
      }
      for (int j = 0; j < kernelsPerStage; j++) {
        String rb = p + "resblocks." + (i * kernelsPerStage + j);
        resBlocks[i * kernelsPerStage + j] = "2".equals(resblock)
            ? ResBlock.kind2(w, rb, cout, resKernels[j], resDilations[j])
            : ResBlock.kind1(w, rb, cout, resKernels[j], resDilations[j]);
      }
      ch = cout;
    }
    convPost = new Conv1dLayer(w.plain(p + "conv_post.weight", 1, ch, 7), null, 1, 3, 1);
  }

  /**
   * @param z [1, C, T] (masked latent of one item)
   * @param g [1, gin, 1]
   * @param harmonic [1, 1, T·upp] source, or null for the plain generator
   * @return [1, 1, T·upp] waveform in (−1, 1)
   */
  public NDArray forward(NDArray z, NDArray g, NDArray harmonic) {
    return forward(z, g, harmonic, null);
  }

  /**
   * @param z [B, C, T], zero after each slot's frames
   * @param g [B, gin, 1]
   * @param harmonic [B, 1, T·upp], zero after each slot's samples, or null
   * @param frames real frames per slot, or null when every slot is real to its end
   * @return [B, 1, T·upp]; samples after a slot's {@code frames·upp} are padding
   */
  public NDArray forward(NDArray z, NDArray g, NDArray harmonic, SlotLengths frames) {
    NDArray x = pre(z, g);
    SlotLengths valid = frames;
    for (int i = 0; i < ups.length; i++) {
      SlotLengths before = valid;
      valid = valid == null ? null : valid.times(rates[i]);
      x = stage(i, x, harmonic, before, valid, true);
    }
    return post(x, valid);
  }

  /**
   * conv_pre and the first {@code stages} upsampling stages of one unpadded chunk.
   *
   * @param z [1, C, T]
   * @param harmonic [1, 1, T·upp] or null
   * @return [1, C_s, T·r_0···r_(s−1)]
   */
  NDArray head(NDArray z, NDArray g, NDArray harmonic, int stages) {
    NDArray x = pre(z, g);
    for (int i = 0; i < stages; i++) {
      x = stage(i, x, harmonic, null, null, true);
    }
    return x;
  }

  /**
   * The stages from {@code first} on and conv_post, on what {@link #head} gave (or a stretch of
   * it) and the matching stretch of the source.
   *
   * @param x [1, C_first, L]; left untouched
   * @param harmonic [1, 1, L·r_first···r_last] or null
   * @return [1, 1, L·r_first···r_last]
   */
  NDArray tail(NDArray x, NDArray harmonic, int first) {
    NDArray y = x;
    for (int i = first; i < ups.length; i++) {
      y = stage(i, y, harmonic, null, null, y != x);
    }
    return post(y, null);
  }

  int stages() {
    return ups.length;
  }

  /** Samples per input frame at the output of the first {@code stages} stages. */
  int rateAfter(int stages) {
    int r = 1;
    for (int i = 0; i < stages; i++) {
      r *= rates[i];
    }
    return r;
  }

  private NDArray pre(NDArray z, NDArray g) {
    NDArray gc = cond.forward(g);
    return Scoped.run(z, in -> convPre.forward(in).add(gc));
  }

  /**
   * Upsampling stage {@code i} (with its source and residual blocks); closes {@code x} when
   * {@code closeInput} ({@link #tail}'s input belongs to its caller).
   */
  private NDArray stage(int i, NDArray x, NDArray harmonic, SlotLengths before,
      SlotLengths valid, boolean closeInput) {
    NDArray source = noiseConvs == null ? null : noiseConvs[i].forward(harmonic);
    NDArray up = Scoped.run(x, in -> {
      NDArray y = ups[i].forward(masked(Activation.leakyRelu(in, SLOPE), before));
      return source == null ? y : y.add(source);
    });
    if (closeInput) {
      x.close();
    }
    if (source != null) {
      source.close();
    }
    NDArray xs = null;
    for (int j = 0; j < kernelsPerStage; j++) {
      NDArray r = resBlocks[i * kernelsPerStage + j].forward(up, valid);
      if (xs == null) {
        xs = r;
      } else {
        xs.addi(r); // in place: each new full-rate buffer costs page faults
        r.close();
      }
    }
    up.close();
    return xs.divi((float) kernelsPerStage);
  }

  /** conv_post and tanh; closes {@code x}. */
  private NDArray post(NDArray x, SlotLengths valid) {
    NDArray out = Scoped.run(x, in -> convPost.forward(
        masked(Activation.leakyRelu(in, FINAL_SLOPE), valid)).tanh());
    x.close();
    return out;
  }

  /** {@code x} (a fresh temporary) with its padding zeroed in place; {@code x} if no lengths. */
  static NDArray masked(NDArray x, SlotLengths valid) {
    return valid == null ? x : valid.zeroPadding(x);
  }
}
