package io.rvcbeam.convert.bench;

import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.models.rmvpe.E2eNetwork;

/**
 * Floating-point operations of the three networks' convolutions and matrix products, counted
 * analytically from their sizes (2 per multiply-add; norms, activations, the sine source and
 * other element-wise work are not counted). The algorithm's count, not the implementation's: a
 * transposed convolution counts its input samples × C_in × C_out × kernel, attention its
 * T²·width score and context products. Used by {@code benchmark} to turn stage times into
 * GFLOP/s.
 */
public final class NetworkFlops {

  private NetworkFlops() {}

  /**
   * The synthesizer (text encoder, flow in reverse, NSF-HiFiGAN decoder) on one chunk of
   * {@code frames} frames.
   *
   * @throws IllegalArgumentException for a decoder other than HiFi-GAN with resblock "1" or "2"
   */
  public static double synthesizer(SynthConfig c, long frames) {
    double t = frames;
    int h = c.hiddenChannels();
    int inter = c.interChannels();
    int gin = c.ginChannels();
    double macs = t * c.phoneDim() * h; // emb_phone
    // text encoder: q, k, v, o 1x1 convs; scores and context T²·h; relative-position terms
    // (window 10 each side); FFN convs h→filter→h of the model's kernel; projection h→2·inter
    int window = 2 * 10 + 1;
    macs += c.layers() * (4 * t * h * h + 2 * t * t * h + 2 * t * window * h
        + 2 * t * h * c.filterChannels() * c.kernel());
    macs += t * h * 2 * inter;
    // flow: 4 coupling layers of a 3-layer WaveNet (kernel 5) on half the channels
    int flows = 4;
    int wnLayers = 3;
    int half = inter / 2;
    double wn = wnLayers * (t * h * 2 * h * 5) + (wnLayers - 1) * t * h * 2 * h + t * h * h;
    if (gin > 0) {
      wn += t * gin * 2 * h * wnLayers;
    }
    macs += flows * (t * half * h + wn + t * h * half);
    macs += decoder(c, t);
    return 2 * macs;
  }

  private static double decoder(SynthConfig c, double t) {
    if (!"1".equals(c.resblock()) && !"2".equals(c.resblock())) {
      throw new IllegalArgumentException("no FLOP count for resblock " + c.resblock());
    }
    int[] rates = c.upsampleRates();
    int channels = c.upsampleInitialChannels();
    double macs = t * c.interChannels() * channels * 7; // conv_pre
    if (c.ginChannels() > 0) {
      macs += t * c.ginChannels() * channels; // cond
    }
    double length = t;
    int hop = c.hop();
    for (int i = 0; i < rates.length; i++) {
      int out = channels / 2;
      macs += length * channels * out * c.upsampleKernels()[i]; // transposed conv
      length *= rates[i];
      hop /= rates[i];
      if (c.pitch()) {
        int kernel = hop == 1 ? 1 : 2 * hop - hop % 2;
        macs += length * out * kernel; // noise conv from the sine source
      }
      for (int j = 0; j < c.resblockKernels().length; j++) {
        int convsPerDilation = "1".equals(c.resblock()) ? 2 : 1;
        macs += length * out * out * c.resblockKernels()[j]
            * c.resblockDilations()[j].length * convsPerDilation;
      }
      channels = out;
    }
    return macs + length * channels * 7; // conv_post
  }

  /** The content encoder on one chunk of {@code samples} 16 kHz samples. */
  public static double contentEncoder(HubertConfig c, long samples, boolean projected) {
    double macs = 0;
    double length = samples;
    int in = 1;
    for (int i = 0; i < c.convLayers(); i++) {
      length = Math.floor((length - c.convKernel(i)) / c.convStride(i)) + 1;
      if (length < 1) {
        return 0;
      }
      macs += length * in * c.convDim(i) * c.convKernel(i);
      in = c.convDim(i);
    }
    double t = length;
    int h = c.hiddenSize();
    macs += t * in * h; // feature projection
    macs += t * h * (h / c.posConvGroups()) * c.posConvKernel(); // positional conv
    macs += c.numLayers() * (4 * t * h * h + 2 * t * t * h + 2 * t * h * c.intermediateSize());
    if (projected && c.projectionSize() > 0) {
      macs += t * h * c.projectionSize();
    }
    return 2 * macs;
  }

  /**
   * RMVPE on one window of {@code frames} mel frames of {@code melBins} bins: the U-Net (3×3
   * residual blocks, 3×3 stride-2 transposed convs), the CNN head, the BiGRU and the classifier.
   */
  public static double pitch(E2eNetwork n, long frames, int melBins) {
    double macs = 0;
    double rows = frames;
    double cols = melBins;
    int in = 1;
    int out = n.encoderOutChannels();
    int blocks = n.blocksPerLevel();
    for (int level = 0; level < n.encoderLevels(); level++) {
      macs += residualStage(rows * cols, in, out, blocks);
      in = out;
      out *= 2;
      rows /= 2;
      cols /= 2;
    }
    for (int i = 0; i < n.intermediateLayers(); i++) {
      int to = i == 0 ? in * 2 : in;
      macs += residualStage(rows * cols, in, to, blocks);
      in = to;
    }
    for (int level = 0; level < n.encoderLevels(); level++) {
      int to = in / 2;
      macs += rows * cols * in * to * 9; // transposed conv, per input pixel
      rows *= 2;
      cols *= 2;
      macs += residualStage(rows * cols, 2 * to, to, blocks); // after the skip concat
      in = to;
    }
    int headOut = 3;
    macs += rows * cols * in * headOut * 9;
    int hidden = n.gruHidden();
    macs += frames * 2.0 * 3 * hidden * (headOut * melBins + hidden); // BiGRU, both directions
    macs += frames * 2.0 * hidden * n.classes();
    return 2 * macs;
  }

  private static double residualStage(double pixels, int in, int out, int blocks) {
    double macs = pixels * (in * out * 9.0 + out * out * 9.0 + (in != out ? in * out : 0));
    return macs + (blocks - 1) * pixels * (2 * out * out * 9.0);
  }
}
