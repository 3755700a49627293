package io.rvcbeam.pipeline;

/**
 * Seam: pitch of a whole song (real: RMVPE in overlapping windows, docs/algorithm.md §4). One loaded
 * instance is shared by every thread of a worker JVM through {@link ModelCache}, so {@link
 * #estimate} must be thread-safe; {@link #close} frees the weights.
 */
public interface SongPitchTracker extends AutoCloseable {

  /**
   * @param filtered16k the high-passed 16 kHz song, unpadded
   * @return f0 in Hz (0 = unvoiced) per 10 ms frame of the reflect-padded song, {@code p_len}
   *     frames (docs/algorithm.md §3.3), unshifted
   */
  double[] estimate(double[] filtered16k) throws Exception;
}
