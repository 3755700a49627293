package io.rvcbeam.components;

import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.PitchPostProcessor;
import io.rvcbeam.convert.PitchTrack;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.pipeline.parts.SongPitchTracker;

/**
 * {@link SongPitchTracker} through {@link PitchTrack} and {@link PitchPostProcessor}, over the
 * whole song as {@code convert} does; closing frees the model.
 */
final class RmvpePitchTracker implements SongPitchTracker {

  private final PitchEstimator model;
  private final PitchTrack step;

  RmvpePitchTracker(PitchEstimator model, PitchTrack step) {
    this.model = model;
    this.step = step;
  }

  @Override
  public double[] estimate(float[] filtered16k, ConversionSettings settings) {
    return PitchPostProcessor.process(step.apply(filtered16k), settings).pitchf();
  }

  @Override
  public void close() {
    model.close();
  }
}
