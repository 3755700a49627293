package io.rvcbeam.pipeline;

import java.io.Serializable;
import java.util.Locale;

/**
 * Container and sample format of the converted files.
 *
 * @param container {@code wav} or {@code flac}
 * @param sampleFormat {@code pcm16}, {@code pcm24} or {@code float32} (wav only)
 */
public record OutputFormat(String container, String sampleFormat) implements Serializable {

  public OutputFormat {
    container = container.toLowerCase(Locale.ROOT);
    sampleFormat = sampleFormat.toLowerCase(Locale.ROOT);
    if (!container.equals("wav") && !container.equals("flac")) {
      throw new IllegalArgumentException("format must be wav or flac, got " + container);
    }
    if (!sampleFormat.equals("pcm16") && !sampleFormat.equals("pcm24")
        && !sampleFormat.equals("float32")) {
      throw new IllegalArgumentException(
          "sampleFormat must be pcm16, pcm24 or float32, got " + sampleFormat);
    }
    if (container.equals("flac") && sampleFormat.equals("float32")) {
      throw new IllegalArgumentException("flac has no float32 samples; use pcm16 or pcm24");
    }
  }

  /** File name extension, without the dot. */
  public String extension() {
    return container;
  }
}
