package io.rvcbeam.models;

import io.rvcbeam.checkpoint.VoiceModelConfig;
import java.util.Arrays;

/**
 * A voice model's hyper-parameters: the 18-entry {@code config} list of the {@code .pth}
 * (docs/algorithm.md §10.1) plus {@code version}, {@code f0} and the speaker count from {@code emb_g},
 * typed from the {@link VoiceModelConfig} that {@code inspect} reads too.
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
   * The synthesizer's hyper-parameters from what the voice model declares.
   *
   * @throws IllegalArgumentException naming the field that is missing, malformed or unsupported
   */
  public static SynthConfig of(VoiceModelConfig declared) {
    if (declared.entries().size() != VoiceModelConfig.CONFIG_ENTRIES) {
      throw new IllegalArgumentException("'config' is not a list of "
          + VoiceModelConfig.CONFIG_ENTRIES + " entries: " + declared.entries());
    }
    String version = declared.version();
    if (!version.equals("v1") && !version.equals("v2")) {
      throw new IllegalArgumentException("unsupported version '" + version + "'");
    }
    Vocoder vocoder = Vocoder.fromEntry(declared.vocoder());
    if (!declared.f0() && vocoder != Vocoder.HIFI_GAN) {
      throw new IllegalArgumentException("vocoder '" + vocoder
          + "' needs a model with pitch guidance (f0 = 1); this one has none");
    }
    return new SynthConfig(
        version,
        declared.f0(),
        declared.integer(2, "config[2] inter_channels"),
        declared.integer(3, "config[3] hidden_channels"),
        declared.integer(4, "config[4] filter_channels"),
        declared.integer(5, "config[5] n_heads"),
        declared.integer(6, "config[6] n_layers"),
        declared.integer(7, "config[7] kernel_size"),
        String.valueOf(declared.entries().get(9)),
        declared.integers(10, "config[10] resblock_kernel_sizes"),
        declared.integerLists(11, "config[11] resblock_dilation_sizes"),
        declared.integers(12, "config[12] upsample_rates"),
        declared.integer(13, "config[13] upsample_initial_channel"),
        declared.integers(14, "config[14] upsample_kernel_sizes"),
        declared.speakers(),
        declared.integer(16, "config[16] gin_channels"),
        declared.sampleRate(),
        vocoder);
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
