package io.rvcbeam.pipeline;

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
 */
public record JobPlan(
    Map<String, VoiceModel> voices,
    ModelFiles models,
    OptimizationConfig optimization,
    OutputFormat format,
    String outputLocation)
    implements Serializable {

  public JobPlan {
    voices = new TreeMap<>(voices);
  }

  public VoiceModel voice(String name) {
    VoiceModel voice = voices.get(name);
    if (voice == null) {
      throw new IllegalArgumentException("unknown voice '" + name + "'; voices: " + voices.keySet());
    }
    return voice;
  }
}
