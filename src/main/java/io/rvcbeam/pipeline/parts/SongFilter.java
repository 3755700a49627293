package io.rvcbeam.pipeline.parts;

import java.io.Serializable;

/**
 * Seam: input peak normalisation (to 0.95) and the 48 Hz zero-phase Butterworth high-pass of
 * docs/algorithm.md §2.2-2.3, on 16 kHz mono audio (real: {@code io.rvcbeam.convert.LimitAndHighPass}). Thread-safe.
 */
public interface SongFilter extends Serializable {

  /**
   * @param audio16k read, not modified; the result may read it until it is dropped
   * @return the filtered song, same length
   * @throws Exception when the audio cannot be filtered (e.g. too short)
   */
  FilteredAudio apply(double[] audio16k) throws Exception;
}
