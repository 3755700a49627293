package io.rvcbeam.pipeline;

import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.PitchTrack;
import io.rvcbeam.nn.ReflectPad;
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
    float[] samples = paddedFloats(filtered16k, chunkConfig.tPad());
    return PitchTrack.estimate(model, samples, PitchEstimator.DEFAULT_THRESHOLD);
  }

  /**
   * {@code (float) ReflectPad.pad(x, pad, pad)}, without a float64 padded copy of the whole song
   * in between.
   */
  static float[] paddedFloats(double[] x, int pad) {
    int n = x.length;
    float[] samples = new float[n + 2 * pad];
    for (int i = 0; i < samples.length; i++) {
      int k = i - pad;
      samples[i] = (float) x[k >= 0 && k < n ? k : (int) ReflectPad.sourceIndex(k, n)];
    }
    return samples;
  }

  @Override
  public void close() {
    model.close();
  }
}
