package io.rvcbeam.audio;

import java.util.Locale;

/** Output encodings {@link AudioEncoder} writes. */
public enum AudioFormat {
  /** WAV, 16-bit signed PCM: the reference's output (soundfile's default WAV subtype). */
  WAV_PCM16("wav", 16, 0),
  /** WAV, 24-bit signed PCM. */
  WAV_PCM24("wav", 24, 0),
  /** WAV, 32-bit IEEE float (samples written unchanged, no clipping). */
  WAV_FLOAT32("wav", 32, 0),
  /** FLAC, 16 bits per sample. */
  FLAC16("flac", 16, 0),
  /** FLAC, 24 bits per sample. */
  FLAC24("flac", 24, 0),
  /** MP3 (LAME), constant bit rate. */
  MP3("mp3", 0, 192_000),
  /** Vorbis in Ogg. */
  OGG_VORBIS("ogg", 0, 192_000),
  /** Opus in Ogg; always 48 kHz (other rates are resampled). */
  OPUS("opus", 0, 128_000),
  /** AAC-LC in an MPEG-4 (iTunes) file. */
  M4A_AAC("m4a", 0, 192_000);

  private final String extension;
  private final int bits;
  private final int defaultBitRate;

  AudioFormat(String extension, int bits, int defaultBitRate) {
    this.extension = extension;
    this.bits = bits;
    this.defaultBitRate = defaultBitRate;
  }

  /** File extension without the dot. */
  public String extension() {
    return extension;
  }

  /** Bits per PCM sample; 0 for lossy formats. */
  public int bitsPerSample() {
    return bits;
  }

  public boolean isLossy() {
    return defaultBitRate > 0;
  }

  /** Bits per second used when none is given (a mono voice); 0 for lossless formats. */
  public int defaultBitRate() {
    return defaultBitRate;
  }

  /**
   * The default format for a file name's extension: {@code .wav} → {@link #WAV_PCM16}, {@code
   * .flac} → {@link #FLAC16}, {@code .mp3}, {@code .ogg}, {@code .opus}, {@code .m4a}.
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
    for (AudioFormat lossy : new AudioFormat[] {MP3, OGG_VORBIS, OPUS, M4A_AAC}) {
      if (lower.endsWith("." + lossy.extension)) {
        return lossy;
      }
    }
    throw new IllegalArgumentException(
        "cannot tell the output format from "
            + fileName
            + " (use .wav, .flac, .mp3, .ogg, .opus or .m4a)");
  }
}
