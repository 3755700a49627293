package io.rvcbeam.pipeline;

import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.PitchTrack;
import io.rvcbeam.convert.ReflectPad;
import io.rvcbeam.models.PitchEstimator;

/** {@link SongPitchTracker} with RMVPE over the reflect-padded song, in windows. */
final class RmvpePitchTracker implements SongPitchTracker {

  private final PitchEstimator model;
  private final ChunkConfig chunkConfig;

  RmvpePitchTracker(PitchEstimator model, ChunkConfig chunkConfig) {
    this.model = model;
    this.chunkConfig = chunkConfig;
  }

  @Override
  public double[] estimate(double[] filtered16k) {
    double[] padded = ReflectPad.pad(filtered16k, chunkConfig.tPad(), chunkConfig.tPad());
    float[] samples = new float[padded.length];
    for (int i = 0; i < padded.length; i++) {
      samples[i] = (float) padded[i];
    }
    return PitchTrack.estimate(model, samples, PitchEstimator.DEFAULT_THRESHOLD);
  }

  @Override
  public void close() {
    model.close();
  }
}
