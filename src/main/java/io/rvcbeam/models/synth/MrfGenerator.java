package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.rvcbeam.nn.Scoped;

/**
 * The "MRF HiFi-GAN" vocoder (Applio's {@code HiFiGANMRFGenerator}): the NSF HiFi-GAN's layout
 * with multi-receptive-field blocks, a weight-normalised output convolution with bias, and a
 * 9-sine harmonic source on the pitch stretched to the output rate by repetition.
 *
 * <p>Keys: {@code dec.conv_pre}, {@code dec.cond}, {@code dec.upsamples.{i}},
 * {@code dec.noise_convs.{i}}, {@code dec.mrfs.{i}.{j}.layers.{l}.conv1/conv2},
 * {@code dec.conv_post}, {@code dec.m_source.l_linear} [1, 9].
 */
public final class MrfGenerator implements Decoder {

  /** Harmonics above f0 (fixed by the reference). */
  public static final int HARMONICS = 8;
  private static final float SLOPE = 0.1f;
  private static final float FINAL_SLOPE = 0.01f;

  private final int upp;
  private final HarmonicSource source;
  private final Conv1dLayer convPre;
  private final Conv1dLayer cond;
  private final PolyphaseConvTranspose[] ups;
  private final Conv1dLayer[] noiseConvs;
  private final ResBlock[][] mrfs; // [stage][kernel]
  private final Conv1dLayer convPost;

  public MrfGenerator(SynthWeights w, int inChannels, int[] resKernels, int[][] resDilations,
      int[] rates, int initialChannels, int[] upKernels, int gin, int sampleRate) {
    String p = "dec.";
    int dim = HARMONICS + 1;
    source = new HarmonicSource(sampleRate, w.hostPlain(p + "m_source.l_linear.weight", 1, dim),
        w.hostPlain(p + "m_source.l_linear.bias", 1)[0]);
    convPre = w.conv(p + "conv_pre", true, initialChannels, inChannels, 7, 1, 3, 1);
    cond = gin == 0 ? null : w.conv(p + "cond", false, initialChannels, gin, 1, 1, 0, 1);
    int stages = rates.length;
    ups = new PolyphaseConvTranspose[stages];
    noiseConvs = new Conv1dLayer[stages];
    mrfs = new ResBlock[stages][resKernels.length];
    int upp = 1;
    int ch = initialChannels;
    for (int i = 0; i < stages; i++) {
      int cout = initialChannels >> (i + 1);
      int u = rates[i];
      int k = upKernels[i];
      upp *= u;
      if (u % 2 != 0) {
        throw new IllegalArgumentException(w.parameters().source()
            + ": odd upsampling rate " + u + " (output padding) is not supported");
      }
      String up = p + "upsamples." + i;
      ups[i] = new PolyphaseConvTranspose(w, w.hostNormed(up, ch, cout, k),
          w.hostPlain(up + ".bias", cout), ch, cout, k, u, (k - u) / 2);
      int stride = 1;
      for (int m = i + 1; m < stages; m++) {
        stride *= rates[m];
      }
      int nk = stride == 1 ? 1 : 2 * stride - stride % 2;
      int pad = stride == 1 ? 0 : (nk - stride) / 2;
      noiseConvs[i] = w.conv(p + "noise_convs." + i, false, cout, 1, nk, stride, pad, 1);
      for (int j = 0; j < resKernels.length; j++) {
        mrfs[i][j] = ResBlock.mrf(w, p + "mrfs." + i + "." + j, cout, resKernels[j],
            resDilations[j]);
      }
      ch = cout;
    }
    this.upp = upp;
    convPost = w.conv(p + "conv_post", true, 1, ch, 7, 1, 3, 1);
  }

  /** Draws uniform [1, 9] start phases, then normal [1, T·hop, 9] noise. */
  @Override
  public float[] excitation(float[] pitchf, RandomDraws draws) {
    float[] f0 = PitchUpsampling.nearest(pitchf, upp);
    float[] phases = draws.uniform(1, source.dim());
    float[] noise = draws.normal(1, f0.length, source.dim());
    return source.excitation(f0, phases, noise);
  }

  @Override
  public NDArray forward(NDArray z, NDArray g, NDArray excitation, RandomDraws draws) {
    NDArray gc = cond == null ? null : cond.forward(g); // [1, C0, 1]
    NDArray x = Scoped.run(z, in -> {
      NDArray y = convPre.forward(in); // [1, C0, T]
      return gc == null ? y : y.add(gc);
    });
    if (gc != null) {
      gc.close();
    }
    for (int i = 0; i < ups.length; i++) {
      int stage = i;
      NDArray source = noiseConvs[i].forward(excitation); // [1, C0/2^(i+1), T·u0…ui]
      NDArray up = Scoped.run(x,
          in -> ups[stage].forward(Activation.leakyRelu(in, SLOPE)).add(source));
      x.close();
      source.close();
      NDArray sum = null;
      for (ResBlock block : mrfs[i]) {
        NDArray r = block.forward(up);
        if (sum == null) {
          sum = r;
        } else {
          sum.addi(r);
          r.close();
        }
      }
      up.close();
      x = sum.divi((float) mrfs[i].length);
    }
    NDArray last = x;
    NDArray out = Scoped.run(last,
        in -> convPost.forward(Activation.leakyRelu(in, FINAL_SLOPE)).tanh()); // [1, 1, T·hop]
    last.close();
    return out;
  }
}
