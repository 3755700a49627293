package io.rvcbeam.pipeline.parts;

import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.job.ModelFiles;
import java.io.Serializable;
import java.util.List;

/**
 * Seam: loads the song pitch tracker on a worker (real: RMVPE from the job's pitch model file).
 * Serializable, so {@code EstimatePitch} carries it to the workers; each worker JVM loads it once
 * under {@link #key()} through {@link ModelCache}. Implementations give only {@link #load()}.
 */
public abstract class PitchTrackerLoader implements Serializable {

  private final ModelFiles models;
  private final OptimizationConfig optimization;

  protected PitchTrackerLoader(ModelFiles models, OptimizationConfig optimization) {
    this.models = models;
    this.optimization = optimization;
  }

  protected final ModelFiles models() {
    return models;
  }

  protected final OptimizationConfig optimization() {
    return optimization;
  }

  /** The device the tracker runs on: what the worker JVM is set up for before loading. */
  public final String device() {
    return optimization.device();
  }

  /** What one loaded tracker is shared under in a JVM: the pitch model, device and dtype. */
  public final ModelKey key() {
    return new ModelKey(
        "pitch",
        List.of(models.pitchModelUri()),
        optimization.device(),
        optimization.dtype().name());
  }

  /** Loads the tracker; called at most once per {@link #key()} and JVM while it has users. */
  public abstract SongPitchTracker load() throws Exception;
}
