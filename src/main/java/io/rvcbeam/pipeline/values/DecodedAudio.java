package io.rvcbeam.pipeline.values;

import java.util.Map;

/**
 * What {@link SongDecoder} returns.
 *
 * @param samples mono samples (channel mean) at the requested rate, in [-1, 1]
 * @param originalRate sample rate of the file
 * @param originalChannels channel count of the file
 * @param tags the file's descriptive tags to carry to the output (title, artist, …), in order
 */
public record DecodedAudio(
    double[] samples, int originalRate, int originalChannels, Map<String, String> tags) {

  public DecodedAudio {
    tags = tags == null ? Map.of() : tags;
  }

  /** Without tags. */
  public DecodedAudio(double[] samples, int originalRate, int originalChannels) {
    this(samples, originalRate, originalChannels, Map.of());
  }
}
