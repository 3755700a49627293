package io.rvcbeam.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The least a {@link ModelValidator} must check: every model and index file (or folder) exists,
 * through Beam file systems. Real validators run this first, then open each file's header.
 */
public final class ModelFilesExist implements ModelValidator {

  @Override
  public void validate(ModelFiles shared, Collection<VoiceModel> voices)
      throws ModelLoadException {
    List<String[]> files = new ArrayList<>();
    files.add(new String[] {"content encoder (models.embedder)", shared.embedderUri()});
    files.add(new String[] {"pitch model (models.pitchModel)", shared.pitchModelUri()});
    for (VoiceModel voice : voices) {
      files.add(new String[] {"voice '" + voice.name() + "' model", voice.modelUri()});
      if (voice.indexUri() != null) {
        files.add(new String[] {"voice '" + voice.name() + "' index", voice.indexUri()});
      }
    }
    List<String> missing = new ArrayList<>();
    for (String[] file : files) {
      if (!exists(file[1])) {
        missing.add(file[0] + ": " + file[1]);
      }
    }
    if (!missing.isEmpty()) {
      throw new ModelLoadException("model files not found: " + String.join("; ", missing));
    }
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
