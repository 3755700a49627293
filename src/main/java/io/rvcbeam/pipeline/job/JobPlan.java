package io.rvcbeam.pipeline.job;

import io.rvcbeam.convert.OptimizationConfig;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job-wide plain values the graph needs, made from the resolved job in {@code run()}.
 *
 * @param voices the voices by name
 * @param models the shared model files
 * @param optimization where and how the networks run
 * @param format output container and sample format
 * @param outputLocation folder (any Beam file system) for outputs, report and dead letters
 * @param worker what each worker JVM sets before its first model loads
 */
public record JobPlan(
    Map<String, VoiceModel> voices,
    ModelFiles models,
    OptimizationConfig optimization,
    OutputFormat format,
    String outputLocation,
    WorkerEnvironment worker)
    implements Serializable {

  public JobPlan {
    voices = new TreeMap<>(voices);
    worker = worker == null ? WorkerEnvironment.DEFAULT : worker;
  }

  /** A plan whose workers keep libtorch's own thread count. */
  public JobPlan(
      Map<String, VoiceModel> voices,
      ModelFiles models,
      OptimizationConfig optimization,
      OutputFormat format,
      String outputLocation) {
    this(voices, models, optimization, format, outputLocation, WorkerEnvironment.DEFAULT);
  }

  public VoiceModel voice(String name) {
    VoiceModel voice = voices.get(name);
    if (voice == null) {
      throw new IllegalArgumentException("unknown voice '" + name + "'; voices: " + voices.keySet());
    }
    return voice;
  }
}
