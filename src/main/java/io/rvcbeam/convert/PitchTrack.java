package io.rvcbeam.convert;

import io.rvcbeam.models.PitchEstimator;
import java.util.ArrayList;
import java.util.List;

/**
 * f0 of a whole padded song as the reference computes it (rvc-spec.md §4), with RMVPE run in
 * the overlapping windows of {@link PitchWindows}: one window (exactly the reference) up to
 * 32 000 frames (≈ 318 s of song), kept middles of overlapping windows above, so no GRU call is
 * longer than a window and no more than one window's activations are alive at a time.
 */
public final class PitchTrack {

  private PitchTrack() {}

  /**
   * @param paddedSong the reflect-padded, high-passed 16 kHz song ({@code audio_pad})
   * @return f0 in Hz (float64, 0 = unvoiced), {@code 1 + L / 160} frames
   */
  public static double[] estimate(PitchEstimator model, float[] paddedSong, float threshold) {
    return estimate(model, paddedSong, threshold, PitchWindows.plan(
        PitchWindows.framesOf(paddedSong.length)));
  }

  /** As {@link #estimate(PitchEstimator, float[], float)} with an explicit window plan. */
  public static double[] estimate(
      PitchEstimator model, float[] paddedSong, float threshold, PitchWindows plan) {
    List<float[][]> outputs = new ArrayList<>(plan.windows().size());
    for (PitchWindows.Window w : plan.windows()) {
      outputs.add(model.windowSalience(new float[][] {w.audio(paddedSong)})[0]); // [T_w, 360]
    }
    return PitchEstimator.decode(plan.stitch(outputs), threshold);
  }
}
