package io.rvcbeam.models;

import java.util.Arrays;

/**
 * The decoder a voice model was trained with: the {@code vocoder} entry Applio and Ultimate RVC
 * write into the {@code .pth} ("HiFi-GAN" when the entry is missing, as in every RVC WebUI model).
 */
public enum Vocoder {
  /** NSF HiFi-GAN with pitch, plain HiFi-GAN without. */
  HIFI_GAN("HiFi-GAN"),
  /** HiFi-GAN with multi-receptive-field blocks and a 9-harmonic source; pitch models only. */
  MRF_HIFI_GAN("MRF HiFi-GAN"),
  /** RefineGAN: a downsampled source path joined to an upsampling path; pitch models only. */
  REFINEGAN("RefineGAN");

  private final String entry;

  Vocoder(String entry) {
    this.entry = entry;
  }

  /** The spelling of the checkpoint's {@code vocoder} entry. */
  public String entry() {
    return entry;
  }

  /**
   * @param entry the checkpoint's {@code vocoder} value, or null when there is none
   * @throws IllegalArgumentException naming the value and the supported ones
   */
  public static Vocoder fromEntry(Object entry) {
    if (entry == null) {
      return HIFI_GAN;
    }
    for (Vocoder v : values()) {
      if (v.entry.equals(entry)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unsupported vocoder '" + entry + "' (supported: "
        + String.join(", ", Arrays.stream(values()).map(Vocoder::entry).toList()) + ")");
  }

  @Override
  public String toString() {
    return entry;
  }
}
