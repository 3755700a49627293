package io.rvcbeam.convert;

import io.rvcbeam.models.PitchEstimator;

/**
 * Step 3: the song's f0 (docs/algorithm.md §4): RMVPE in overlapping windows over the
 * reflect-padded, high-passed song, unshifted. The model is the caller's to close. Thread-safe as
 * the model is.
 */
public final class TrackPitch {

  private final PitchEstimator model;
  private final int pad;

  /** @param config the chunking: its {@code t_pad} reflect padding is the pitch track's too */
  public TrackPitch(PitchEstimator model, ChunkConfig config) {
    this.model = model;
    this.pad = config.tPad();
  }

  /**
   * @param filtered the high-passed 16 kHz song, unpadded, float32
   * @return f0 in Hz (0 = unvoiced) per 10 ms frame of the padded song ({@code p_len} frames)
   */
  public double[] apply(float[] filtered) {
    return PitchTrack.estimate(model, filtered, pad, PitchEstimator.DEFAULT_THRESHOLD);
  }
}
