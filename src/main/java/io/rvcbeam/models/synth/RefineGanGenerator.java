package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import io.rvcbeam.nn.Scoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The "RefineGAN" vocoder (Applio's {@code RefineGANGenerator}).
 *
 * <p>A source path: the pitch, stretched linearly to the output rate, drives a one-sine harmonic
 * source; a convolution widens it to S channels, and each stage keeps its activation for the
 * upsampling path, downsamples it (Kaiser sinc) by the matching upsampling rate and doubles its
 * channels, ending at the frame rate with C/2 channels. A mel path: the latent through a
 * convolution to C/2 channels plus the speaker's. Joined to C channels, then per stage: leaky
 * ReLU, linear upsampling by the rate, the kept source activation appended (C/4 channels at that
 * stage's width C), a {@link ParallelResBlock} halving the channels. Leaky ReLU, a bias-free
 * output convolution, tanh. All leaky ReLUs have slope 0.2.
 *
 * <p>The reference builds C = 512, S = 16 for every model; here C and S are read from the shapes
 * of {@code dec.mel_conv} and {@code dec.pre_conv}, and must satisfy S·2^stages = C/2.
 */
public final class RefineGanGenerator implements Decoder {

  private static final float SLOPE = 0.2f;

  private final int[] rates;
  private final int upp;
  private final HarmonicSource source;
  private final Conv1dLayer preConv;
  private final SincDownsampler[] downsamplers;
  private final Conv1dLayer[] downConvs;
  private final Conv1dLayer melConv;
  private final Conv1dLayer cond;
  private final ParallelResBlock[] stages;
  private final Conv1dLayer convPost;

  public RefineGanGenerator(SynthWeights w, int inChannels, int[] rates, int gin,
      int sampleRate) {
    String p = "dec.";
    this.rates = rates.clone();
    int n = rates.length;
    int upp = 1;
    for (int r : rates) {
      upp *= r;
    }
    this.upp = upp;
    source = new HarmonicSource(sampleRate, w.hostPlain(p + "m_source.merge.0.weight", 1, 1), 0f);
    int start = (int) w.normedShape(p + "pre_conv")[0];
    int half = (int) w.normedShape(p + "mel_conv")[0];
    if (start << n != half) {
      throw new IllegalArgumentException(w.parameters().source() + ": RefineGAN widths do not fit: "
          + "pre_conv has " + start + " channels, mel_conv " + half + ", expected " + start
          + "·2^" + n + " = " + (start << n));
    }
    preConv = w.conv(p + "pre_conv", true, start, 1, 7, 1, 3, 1);
    downsamplers = new SincDownsampler[n];
    downConvs = new Conv1dLayer[n];
    int ch = start;
    for (int i = 0; i < n; i++) {
      downsamplers[i] = new SincDownsampler(w, rates[n - 1 - i]);
      downConvs[i] = w.conv(p + "downsample_blocks." + i, true, 2 * ch, ch, 7, 1, 3, 1);
      ch *= 2;
    }
    melConv = w.conv(p + "mel_conv", true, half, inChannels, 7, 1, 3, 1);
    cond = gin == 0 ? null : w.conv(p + "cond", false, half, gin, 1, 1, 0, 1);
    stages = new ParallelResBlock[n];
    ch = 2 * half;
    for (int i = 0; i < n; i++) {
      stages[i] = new ParallelResBlock(w, p + "upsample_conv_blocks." + i, ch + ch / 4, ch / 2);
      ch /= 2;
    }
    convPost = new Conv1dLayer(w.normed(p + "conv_post", 1, ch, 7), null, 1, 3, 1);
  }

  /** Draws a uniform [1, 1] start phase (no effect on one sine), then normal [1, T·hop, 1]. */
  @Override
  public float[] excitation(float[] pitchf, RandomDraws draws) {
    float[] f0 = PitchUpsampling.linear(pitchf, pitchf.length * upp);
    float[] phases = draws.uniform(1, 1);
    float[] noise = draws.normal(1, f0.length, 1);
    return source.excitation(f0, phases, noise);
  }

  @Override
  public NDArray forward(NDArray z, NDArray g, NDArray excitation, RandomDraws draws) {
    int n = rates.length;
    // source path: [1, S, T·hop] → … → [1, C/2, T]
    List<NDArray> kept = new ArrayList<>(n);
    NDArray x = preConv.forward(excitation); // [1, S, T·hop]
    for (int i = 0; i < n; i++) {
      NDArray act = Activation.leakyRelu(x, SLOPE); // [1, S·2^i, T·hop/(r_n-1…r_n-i)]
      x.close();
      kept.add(act);
      int stage = i;
      x = Scoped.run(act, in -> downConvs[stage].forward(downsamplers[stage].forward(in)));
    }
    // mel path and the join: [1, C, T]
    NDArray gc = cond == null ? null : cond.forward(g); // [1, C/2, 1]
    NDArray source = x;
    x = Scoped.run(z, in -> {
      NDArray mel = melConv.forward(in); // [1, C/2, T]
      return NDArrays.concat(new NDList(gc == null ? mel : mel.add(gc), source),
          1);
    });
    source.close();
    if (gc != null) {
      gc.close();
    }
    for (int i = 0; i < n; i++) {
      int stage = i;
      NDArray skip = kept.get(n - 1 - i); // [1, C_i/4, T·r_0…r_i]
      NDArray joined = Scoped.run(x, in -> {
        NDArray up = upsampleLinear(Activation.leakyRelu(in, SLOPE), rates[stage]);
        return NDArrays.concat(new NDList(up, skip), 1); // [1, C_i + C_i/4, ·]
      });
      x.close();
      skip.close();
      x = Scoped.run(joined, in -> stages[stage].forward(in, draws)); // [1, C_i/2, ·]
      joined.close();
    }
    NDArray last = x;
    NDArray out = Scoped.run(last,
        in -> convPost.forward(Activation.leakyRelu(in, SLOPE)).tanh()); // [1, 1, T·hop]
    last.close();
    return out;
  }

  /** {@code nn.Upsample(scale_factor=rate, mode="linear")}: [1, C, L] → [1, C, L·rate]. */
  private static NDArray upsampleLinear(NDArray x, int rate) {
    long c = x.getShape().get(1);
    long len = x.getShape().get(2);
    return x.reshape(1, c, 1, len).getNDArrayInternal()
        .interpolation(new long[] {1, len * rate}, 1, false)
        .reshape(1, c, len * rate);
  }
}
