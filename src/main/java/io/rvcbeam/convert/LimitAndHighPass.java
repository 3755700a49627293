package io.rvcbeam.convert;

import io.rvcbeam.audio.HighPassFilter;
import io.rvcbeam.audio.HighPassedSong;
import io.rvcbeam.audio.PeakLimiter;

/**
 * Step 2: the input peak limit to 0.95, then the 48 Hz zero-phase Butterworth high-pass
 * (docs/algorithm.md §2.2-2.3), in float64 on the CPU. The result is held as float32 with the
 * exact float64 values regenerable ({@link HighPassedSong}), so a long song costs no second
 * float64 copy. Stateless.
 */
public final class LimitAndHighPass {

  /**
   * @param audio16k the mono 16 kHz song; read, not modified, and must not change while the
   *     result is in use
   * @throws IllegalArgumentException for an empty song
   */
  public HighPassedSong apply(double[] audio16k) {
    return HighPassFilter.RVC.applyLimited(audio16k, PeakLimiter.INPUT_CEILING);
  }
}
