package io.rvcbeam.models;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A voice model's hyper-parameters: the 18-entry {@code config} list of the {@code .pth}
 * (docs/algorithm.md §10.1) plus {@code version}, {@code f0} and the speaker count from {@code emb_g}.
 *
 * @param version "v1" (256-wide phone features) or "v2" (768)
 * @param pitch pitch guidance (NSF generator) or not
 * @param vocoder the decoder's kind (the {@code vocoder} entry)
 */
public record SynthConfig(
    String version,
    boolean pitch,
    int interChannels,
    int hiddenChannels,
    int filterChannels,
    int heads,
    int layers,
    int kernel,
    String resblock,
    int[] resblockKernels,
    int[][] resblockDilations,
    int[] upsampleRates,
    int upsampleInitialChannels,
    int[] upsampleKernels,
    int speakers,
    int ginChannels,
    int sampleRate,
    Vocoder vocoder) {

  /** A HiFi-GAN model (every RVC WebUI model). */
  public SynthConfig(String version, boolean pitch, int interChannels, int hiddenChannels,
      int filterChannels, int heads, int layers, int kernel, String resblock,
      int[] resblockKernels, int[][] resblockDilations, int[] upsampleRates,
      int upsampleInitialChannels, int[] upsampleKernels, int speakers, int ginChannels,
      int sampleRate) {
    this(version, pitch, interChannels, hiddenChannels, filterChannels, heads, layers, kernel,
        resblock, resblockKernels, resblockDilations, upsampleRates, upsampleInitialChannels,
        upsampleKernels, speakers, ginChannels, sampleRate, Vocoder.HIFI_GAN);
  }

  /** Phone feature width: 768 for v2, 256 otherwise. */
  public int phoneDim() {
    return "v2".equals(version) ? 768 : 256;
  }

  /** Output samples per frame, the product of the upsampling rates. */
  public int hop() {
    int h = 1;
    for (int r : upsampleRates) {
      h *= r;
    }
    return h;
  }

  /**
   * Reads the fields of a voice-model dict.
   *
   * @param speakers rows of {@code emb_g.weight} (replaces config[-3], as the reference does)
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static SynthConfig fromCheckpoint(Map<String, Object> root, int speakers) {
    Object cfg = root.get("config");
    if (!(cfg instanceof List<?> c) || c.size() != 18) {
      throw new IllegalArgumentException("'config' is not a list of 18 entries: " + cfg);
    }
    Object v = root.getOrDefault("version", "v1");
    String version = v == null ? "v1" : v.toString();
    if (!version.equals("v1") && !version.equals("v2")) {
      throw new IllegalArgumentException("unsupported version '" + version + "'");
    }
    Object f0 = root.getOrDefault("f0", 1L);
    boolean pitch = f0 instanceof Boolean b ? b : toInt(f0, "f0") != 0;
    Vocoder vocoder = Vocoder.fromEntry(root.get("vocoder"));
    if (!pitch && vocoder != Vocoder.HIFI_GAN) {
      throw new IllegalArgumentException("vocoder '" + vocoder
          + "' needs a model with pitch guidance (f0 = 1); this one has none");
    }
    return new SynthConfig(
        version,
        pitch,
        toInt(c.get(2), "config[2] inter_channels"),
        toInt(c.get(3), "config[3] hidden_channels"),
        toInt(c.get(4), "config[4] filter_channels"),
        toInt(c.get(5), "config[5] n_heads"),
        toInt(c.get(6), "config[6] n_layers"),
        toInt(c.get(7), "config[7] kernel_size"),
        String.valueOf(c.get(9)),
        toInts(c.get(10), "config[10] resblock_kernel_sizes"),
        toIntLists(c.get(11), "config[11] resblock_dilation_sizes"),
        toInts(c.get(12), "config[12] upsample_rates"),
        toInt(c.get(13), "config[13] upsample_initial_channel"),
        toInts(c.get(14), "config[14] upsample_kernel_sizes"),
        speakers,
        toInt(c.get(16), "config[16] gin_channels"),
        sampleRate(c.get(17)),
        vocoder);
  }

  /** 40000, 40000L, "40000" or "40k". */
  static int sampleRate(Object o) {
    if (o instanceof String s && s.endsWith("k")) {
      return Integer.parseInt(s.substring(0, s.length() - 1)) * 1000;
    }
    return toInt(o, "config[17] sr");
  }

  private static int toInt(Object o, String what) {
    if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return Math.toIntExact(n.longValue());
    }
    if (o instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (o instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(what + " is not an integer: " + o);
  }

  private static int[] toInts(Object o, String what) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(what + " is not a list: " + o);
    }
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = toInt(l.get(i), what);
    }
    return out;
  }

  private static int[][] toIntLists(Object o, String what) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(what + " is not a list: " + o);
    }
    int[][] out = new int[l.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = toInts(l.get(i), what);
    }
    return out;
  }

  @Override
  public String toString() {
    return "SynthConfig[" + version + (pitch ? " f0" : " nof0") + " " + sampleRate + " Hz, "
        + vocoder + ", inter "
        + interChannels + ", hidden " + hiddenChannels + ", filter " + filterChannels + ", heads "
        + heads + ", layers " + layers + ", rates " + Arrays.toString(upsampleRates) + ", kernels "
        + Arrays.toString(upsampleKernels) + ", speakers " + speakers + ", gin " + ginChannels
        + "]";
  }
}
