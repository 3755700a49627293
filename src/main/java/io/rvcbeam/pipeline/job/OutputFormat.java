package io.rvcbeam.pipeline.job;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Container and sample format of the converted files.
 *
 * @param container {@code wav}, {@code flac}, {@code mp3}, {@code ogg} (Vorbis), {@code opus} or
 *     {@code m4a} (AAC)
 * @param sampleFormat {@code pcm16}, {@code pcm24} or {@code float32} (wav only); ignored by the
 *     lossy containers
 * @param bitRate kbit/s for the lossy containers, 0 for the format's default; ignored by wav and
 *     flac
 */
public record OutputFormat(String container, String sampleFormat, int bitRate)
    implements Serializable {

  /** Every container; the last four are lossy. */
  public static final List<String> CONTAINERS =
      List.of("wav", "flac", "mp3", "ogg", "opus", "m4a");

  public OutputFormat {
    container = container.toLowerCase(Locale.ROOT);
    sampleFormat = sampleFormat.toLowerCase(Locale.ROOT);
    if (!CONTAINERS.contains(container)) {
      throw new IllegalArgumentException(
          "format must be one of " + String.join(", ", CONTAINERS) + "; got " + container);
    }
    if (!sampleFormat.equals("pcm16") && !sampleFormat.equals("pcm24")
        && !sampleFormat.equals("float32")) {
      throw new IllegalArgumentException(
          "sampleFormat must be pcm16, pcm24 or float32, got " + sampleFormat);
    }
    if (container.equals("flac") && sampleFormat.equals("float32")) {
      throw new IllegalArgumentException("flac has no float32 samples; use pcm16 or pcm24");
    }
    if (bitRate < 0 || bitRate > 512) {
      throw new IllegalArgumentException("bitRate must be 1..512 kbit/s (0: default), got "
          + bitRate);
    }
  }

  /** Lossless container, no bit rate. */
  public OutputFormat(String container, String sampleFormat) {
    this(container, sampleFormat, 0);
  }

  public boolean isLossy() {
    return CONTAINERS.indexOf(container) >= 2;
  }

  /** File name extension, without the dot. */
  public String extension() {
    return container;
  }
}
