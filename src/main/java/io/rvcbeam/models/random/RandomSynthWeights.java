package io.rvcbeam.models.random;

import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.SynthConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthesizer state dict with the key names and shapes of docs/algorithm.md §8.8 for any config, filled with
 * small seeded random values (weight-normed layers in the {@code weight_g/weight_v} spelling).
 */
public final class RandomSynthWeights {

  private final Map<String, HostTensor> map = new LinkedHashMap<>();
  private final SplittableRandom random;

  private RandomSynthWeights(long seed) {
    random = new SplittableRandom(seed);
  }

  public static Map<String, HostTensor> build(SynthConfig c, long seed) {
    RandomSynthWeights r = new RandomSynthWeights(seed);
    r.fill(c);
    return r.map;
  }

  private void fill(SynthConfig c) {
    int h = c.hiddenChannels();
    int inter = c.interChannels();
    int gin = c.ginChannels();
    put("emb_g.weight", 0.5, c.speakers(), gin);
    put("enc_p.emb_phone.weight", 1.0 / Math.sqrt(c.phoneDim()), h, c.phoneDim());
    put("enc_p.emb_phone.bias", 0.1, h);
    if (c.pitch()) {
      put("enc_p.emb_pitch.weight", 0.1, 256, h);
    }
    int dk = h / c.heads();
    for (int l = 0; l < c.layers(); l++) {
      String a = "enc_p.encoder.attn_layers." + l;
      put(a + ".emb_rel_k", 0.3, 1, 21, dk);
      put(a + ".emb_rel_v", 0.3, 1, 21, dk);
      for (String q : new String[] {"q", "k", "v", "o"}) {
        conv(a + ".conv_" + q, false, h, h, 1);
      }
      for (int n = 1; n <= 2; n++) {
        put("enc_p.encoder.norm_layers_" + n + "." + l + ".gamma", 0.1, 1.0, h);
        put("enc_p.encoder.norm_layers_" + n + "." + l + ".beta", 0.1, h);
      }
      conv("enc_p.encoder.ffn_layers." + l + ".conv_1", false, c.filterChannels(), h, c.kernel());
      conv("enc_p.encoder.ffn_layers." + l + ".conv_2", false, h, c.filterChannels(), c.kernel());
    }
    conv("enc_p.proj", false, 2 * inter, h, 1);
    for (int f = 0; f < 4; f++) {
      String p = "flow.flows." + (2 * f);
      conv(p + ".pre", false, h, inter / 2, 1);
      for (int i = 0; i < 3; i++) {
        conv(p + ".enc.in_layers." + i, true, 2 * h, h, 5);
        conv(p + ".enc.res_skip_layers." + i, true, i < 2 ? 2 * h : h, h, 1);
      }
      conv(p + ".enc.cond_layer", true, 2 * h * 3, gin, 1);
      conv(p + ".post", false, inter - inter / 2, h, 1);
    }
    int[] rates = c.upsampleRates();
    int ch = c.upsampleInitialChannels();
    conv("dec.conv_pre", false, ch, inter, 7);
    conv("dec.cond", false, ch, gin, 1);
    if (c.pitch()) {
      put("dec.m_source.l_linear.weight", 0.5, 1, 1);
      put("dec.m_source.l_linear.bias", 0.1, 1);
    }
    for (int i = 0; i < rates.length; i++) {
      int cout = c.upsampleInitialChannels() >> (i + 1);
      int k = c.upsampleKernels()[i];
      put("dec.ups." + i + ".weight_g", 0.2, 1.0, ch, 1, 1);
      put("dec.ups." + i + ".weight_v", 1.0, ch, cout, k);
      put("dec.ups." + i + ".bias", 0.05, cout);
      if (c.pitch()) {
        int s = 1;
        for (int m = i + 1; m < rates.length; m++) {
          s *= rates[m];
        }
        conv("dec.noise_convs." + i, false, cout, 1, s == 1 ? 1 : 2 * s);
      }
      for (int j = 0; j < c.resblockKernels().length; j++) {
        String r = "dec.resblocks." + (i * c.resblockKernels().length + j);
        for (int d = 0; d < 3; d++) {
          conv(r + ".convs1." + d, true, cout, cout, c.resblockKernels()[j]);
          conv(r + ".convs2." + d, true, cout, cout, c.resblockKernels()[j]);
        }
      }
      ch = cout;
    }
    put("dec.conv_post.weight", 1.0 / Math.sqrt(ch * 7), 1, ch, 7);
  }

  private void conv(String prefix, boolean weightNorm, int out, int in, int k) {
    double scale = 1.0 / Math.sqrt((double) in * k);
    if (weightNorm) {
      put(prefix + ".weight_g", 0.2, 1.0, out, 1, 1);
      put(prefix + ".weight_v", 1.0, out, in, k);
    } else {
      put(prefix + ".weight", scale, out, in, k);
    }
    put(prefix + ".bias", 0.05, out);
  }

  private void put(String key, double scale, long... shape) {
    put(key, scale, 0.0, shape);
  }

  private void put(String key, double scale, double offset, long... shape) {
    float[] v = new float[Math.toIntExact(HostTensor.numel(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (offset + scale * (2 * random.nextDouble() - 1));
    }
    map.put(key, HostTensor.ofFloats(v, shape));
  }

  /** The standard config list of a real model (docs/algorithm.md §10.1), as the .pth holds it. */
  public static SynthConfig realConfig(String version, boolean pitch, int sampleRate) {
    int[] rates;
    int[] kernels;
    switch (sampleRate) {
      case 48000 -> {
        rates = new int[] {12, 10, 2, 2};
        kernels = new int[] {24, 20, 4, 4};
      }
      case 32000 -> {
        rates = new int[] {10, 8, 2, 2};
        kernels = new int[] {20, 16, 4, 4};
      }
      default -> {
        rates = new int[] {10, 10, 2, 2};
        kernels = new int[] {16, 16, 4, 4};
      }
    }
    int[][] dil = {{1, 3, 5}, {1, 3, 5}, {1, 3, 5}};
    return new SynthConfig(version, pitch, 192, 192, 768, 2, 6, 3, "1", new int[] {3, 7, 11}, dil,
        rates, 512, kernels, 109, 256, sampleRate);
  }

  /** The tiny golden models' hyper-parameters at 40 kHz. */
  public static SynthConfig tinyConfig(boolean pitch) {
    int[][] dil = {{1, 3, 5}, {1, 3, 5}, {1, 3, 5}};
    return new SynthConfig("v2", pitch, 16, 16, 32, 2, 2, 3, "1", new int[] {3, 7, 11}, dil,
        new int[] {10, 10, 2, 2}, 32, new int[] {16, 16, 4, 4}, 3, 16, 40000);
  }
}
