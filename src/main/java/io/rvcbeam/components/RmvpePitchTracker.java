package io.rvcbeam.components;

import io.rvcbeam.convert.TrackPitch;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.pipeline.SongPitchTracker;

/** {@link SongPitchTracker} through {@link TrackPitch}; closing frees the model. */
final class RmvpePitchTracker implements SongPitchTracker {

  private final PitchEstimator model;
  private final TrackPitch step;

  RmvpePitchTracker(PitchEstimator model, TrackPitch step) {
    this.model = model;
    this.step = step;
  }

  @Override
  public double[] estimate(double[] filtered16k) {
    return step.apply(Floats.of(filtered16k));
  }

  @Override
  public void close() {
    model.close();
  }
}
