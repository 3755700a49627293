package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.VoiceModel;
import io.rvcbeam.pipeline.values.DeadLetter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The least a {@link ModelValidator} must check: every model and index file (or folder) exists,
 * through Beam file systems. Real validators run this first, then open each file's header. A
 * missing shared model fails the job; a missing voice file makes that voice unusable.
 */
public final class ModelFilesExist implements ModelValidator {

  @Override
  public Map<String, String> validate(ModelFiles shared, Collection<VoiceModel> voices)
      throws ModelLoadException {
    List<String> missing = new ArrayList<>();
    if (!exists(shared.embedderUri())) {
      missing.add("content encoder (models.embedder): " + shared.embedderUri());
    }
    if (!exists(shared.pitchModelUri())) {
      missing.add("pitch model (models.pitchModel): " + shared.pitchModelUri());
    }
    if (!missing.isEmpty()) {
      throw new ModelLoadException("model files not found: " + String.join("; ", missing));
    }
    Map<String, String> unusable = new TreeMap<>();
    for (VoiceModel voice : voices) {
      if (!exists(voice.modelUri())) {
        unusable.put(voice.name(),
            ModelValidator.voiceReason(voice, voice.modelUri(), "model file not found"));
      } else if (voice.indexUri() != null && !exists(voice.indexUri())) {
        unusable.put(voice.name(),
            ModelValidator.voiceReason(voice, voice.indexUri(), "index file not found"));
      }
    }
    return unusable;
  }

  private static boolean matches(String spec) throws java.io.IOException {
    MatchResult match = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
  }

  private static boolean exists(String uri) throws ModelLoadException {
    try {
      String spec = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
      if (matches(spec)) {
        return true;
      }
      // Object stores (gs://) have no folders: a folder exists when objects lie under it.
      return spec.contains("://") && matches(spec + "/*");
    } catch (Exception e) {
      throw new ModelLoadException("cannot check " + uri + ": " + DeadLetter.describe(e), e);
    }
  }
}
