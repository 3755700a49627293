package io.rvcbeam.pipeline.parts;

import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.job.ModelFiles;
import java.util.List;

/**
 * Seam: loads the song pitch tracker on a worker (real: RMVPE from the job's pitch model file).
 * Serializable, so {@code EstimatePitch} carries it to the workers; each worker JVM loads it once
 * under {@link #key()} through {@link ModelCache}. Implementations give only {@link #load()}.
 */
public abstract class PitchTrackerLoader extends WorkerModelLoader {

  protected PitchTrackerLoader(ModelFiles models, OptimizationConfig optimization) {
    super(models, optimization);
  }

  /** What one loaded tracker is shared under in a JVM: the pitch model, device and dtype. */
  public final ModelKey key() {
    return key("pitch", List.of(models().pitchModelUri()));
  }

  /** Loads the tracker; called at most once per {@link #key()} and JVM while it has users. */
  public abstract SongPitchTracker load() throws Exception;
}
