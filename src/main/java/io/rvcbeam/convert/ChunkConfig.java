package io.rvcbeam.convert;

import java.io.Serializable;

/**
 * The reference's chunking constants, in seconds ({@code x_*}) and derived 16 kHz sample counts
 * ({@code t_*}), docs/algorithm.md §3.1.
 *
 * @param xPad context padding added on each side of a chunk, seconds
 * @param xQuery half-width of the quiet-point search around each cut centre, seconds
 * @param xCenter spacing of the cut centres, seconds
 * @param xMax audio longer than this (minus one window) is cut, seconds
 */
public record ChunkConfig(int xPad, int xQuery, int xCenter, int xMax) implements Serializable {

  /** Sample rate of the audio being cut. */
  public static final int SAMPLE_RATE = 16000;

  /** Box-sum window of the quiet-point search, and the pitch hop, in samples. */
  public static final int WINDOW = 160;

  /** URVC/Applio on every device with more than 4 GiB, and RVC in fp32: what the goldens use. */
  public static final ChunkConfig FP32 = new ChunkConfig(1, 6, 38, 41);

  /** RVC WebUI in fp16 on CUDA. */
  public static final ChunkConfig FP16 = new ChunkConfig(3, 10, 60, 65);

  /** GPUs with at most 4 GiB (both references). */
  public static final ChunkConfig LOW_MEMORY = new ChunkConfig(1, 5, 30, 32);

  public ChunkConfig {
    if (xPad < 0 || xQuery <= 0 || xCenter <= 0 || xMax <= 0) {
      throw new IllegalArgumentException(
          "chunk seconds must be positive (x_pad may be 0): " + describe(xPad, xQuery, xCenter, xMax));
    }
    if (xCenter <= xQuery) {
      throw new IllegalArgumentException(
          "x_center must exceed x_query so that cuts increase: "
              + describe(xPad, xQuery, xCenter, xMax));
    }
    if (xCenter >= xMax) {
      throw new IllegalArgumentException(
          "x_center must be below x_max so that a long song is cut at least once: "
              + describe(xPad, xQuery, xCenter, xMax));
    }
  }

  /** Context samples on each side of a chunk (16 kHz). */
  public int tPad() {
    return SAMPLE_RATE * xPad;
  }

  public int tPad2() {
    return 2 * tPad();
  }

  public int tQuery() {
    return SAMPLE_RATE * xQuery;
  }

  public int tCenter() {
    return SAMPLE_RATE * xCenter;
  }

  public int tMax() {
    return SAMPLE_RATE * xMax;
  }

  /** Output samples trimmed from each end of a converted chunk ({@code t_pad_tgt}). */
  public int tPadTarget(int targetSampleRate) {
    if (targetSampleRate <= 0) {
      throw new IllegalArgumentException("target sample rate must be positive: " + targetSampleRate);
    }
    return targetSampleRate * xPad;
  }

  private static String describe(int xPad, int xQuery, int xCenter, int xMax) {
    return "x_pad=" + xPad + " x_query=" + xQuery + " x_center=" + xCenter + " x_max=" + xMax;
  }
}
