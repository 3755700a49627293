package io.rvcbeam.pipeline;

import java.io.Serializable;
import java.util.Collection;

/**
 * Seam: checks, before the graph is built, that every model and index of the job loads, so a
 * bad model fails the job once with a clear message before any song is decoded.
 */
public interface ModelValidator extends Serializable {

  /** @throws ModelLoadException naming the file and what is wrong with it */
  void validate(ModelFiles shared, Collection<VoiceModel> voices) throws ModelLoadException;
}
