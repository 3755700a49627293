package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.VoiceModel;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;

/**
 * Seam: checks, before the graph is built and any song is decoded, that every model and index of
 * the job loads and fits. One policy: a shared model (embedder, pitch model) that fails stops the
 * job; a voice that fails (will not load, truncated, hostile, index or embedder of the wrong
 * width) sends only its own songs to the dead letters.
 */
public interface ModelValidator extends Serializable {

  /**
   * @return for each unusable voice, by name, one reason naming the voice and the file
   * @throws ModelLoadException when a shared model cannot be used, naming the file
   */
  Map<String, String> validate(ModelFiles shared, Collection<VoiceModel> voices)
      throws ModelLoadException;

  /** The reason a voice cannot be used: names the voice, the file and what is wrong. */
  static String voiceReason(VoiceModel voice, String file, String problem) {
    String detail = problem.startsWith(file) ? problem : file + ": " + problem;
    return "voice '" + voice.name() + "' cannot be used: " + detail;
  }
}
