package io.rvcbeam.pipeline.parts;

import io.rvcbeam.convert.ConversionSettings;

/**
 * Seam: pitch of a whole song (real: RMVPE in overlapping windows, docs/algorithm.md §4). One loaded
 * instance is shared by every thread of a worker JVM through {@link ModelCache}, so {@link
 * #estimate} must be thread-safe; {@link #close} frees the weights.
 */
public interface SongPitchTracker extends AutoCloseable {

  /**
   * @param filtered16k the high-passed 16 kHz song, unpadded
   * @param settings the song's settings: its pitch shift applies to the whole song at once
   * @return f0 in Hz (0 = unvoiced) per 10 ms frame of the reflect-padded song, {@code p_len}
   *     frames (docs/algorithm.md §3.3), adjusted by {@code settings} (§4.7): what the
   *     synthesizer's pitch input is sliced from
   */
  double[] estimate(float[] filtered16k, ConversionSettings settings) throws Exception;
}
