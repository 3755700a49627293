package io.rvcbeam.pipeline.parts;

import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.job.ModelFiles;
import java.io.Serializable;
import java.util.List;

/**
 * What every model loader a stage carries to its workers holds: the job's shared model files and
 * where and how the networks run. Serializable with the stage; subclasses add the key a loaded
 * model is shared under in a JVM and the load itself.
 */
public abstract class WorkerModelLoader implements Serializable {

  private final ModelFiles models;
  private final OptimizationConfig optimization;

  /**
   * @param models the files every voice shares (content encoder, pitch model)
   * @param optimization where and how the networks run
   */
  protected WorkerModelLoader(ModelFiles models, OptimizationConfig optimization) {
    this.models = models;
    this.optimization = optimization;
  }

  protected final ModelFiles models() {
    return models;
  }

  protected final OptimizationConfig optimization() {
    return optimization;
  }

  /** The device the models run on: what the worker JVM is set up for before loading. */
  public final String device() {
    return optimization.device();
  }

  /** A shared key's device and dtype parts, as every loader's key ends. */
  protected final ModelKey key(String kind, List<String> files) {
    return new ModelKey(kind, files, optimization.device(), optimization.dtype().name());
  }
}
