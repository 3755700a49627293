package io.rvcbeam.audio;

import java.util.Locale;

/** Output encodings {@link AudioEncoder} writes. */
public enum AudioFormat {
  /** WAV, 16-bit signed PCM: the reference's output (soundfile's default WAV subtype). */
  WAV_PCM16("wav", 16),
  /** WAV, 24-bit signed PCM. */
  WAV_PCM24("wav", 24),
  /** WAV, 32-bit IEEE float (samples written unchanged, no clipping). */
  WAV_FLOAT32("wav", 32),
  /** FLAC, 16 bits per sample. */
  FLAC16("flac", 16),
  /** FLAC, 24 bits per sample. */
  FLAC24("flac", 24);

  private final String extension;
  private final int bits;

  AudioFormat(String extension, int bits) {
    this.extension = extension;
    this.bits = bits;
  }

  /** File extension without the dot. */
  public String extension() {
    return extension;
  }

  public int bitsPerSample() {
    return bits;
  }

  /**
   * The default format for a file name's extension: {@code .wav} → {@link #WAV_PCM16}, {@code
   * .flac} → {@link #FLAC16}.
   *
   * @throws IllegalArgumentException for other extensions
   */
  public static AudioFormat forFileName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".wav")) {
      return WAV_PCM16;
    }
    if (lower.endsWith(".flac")) {
      return FLAC16;
    }
    throw new IllegalArgumentException(
        "cannot tell the output format from " + fileName + " (use .wav or .flac)");
  }
}
