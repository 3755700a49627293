package io.rvcbeam.components;

import io.rvcbeam.checkpoint.EmbedderInfo;
import io.rvcbeam.checkpoint.EmbedderName;
import io.rvcbeam.checkpoint.FaissIndex;
import io.rvcbeam.checkpoint.RmvpeInfo;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import io.rvcbeam.checkpoint.VoiceModelInfo;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.parts.LocalModelFiles;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.parts.ModelFilesExist;
import io.rvcbeam.pipeline.parts.ModelLoadException;
import io.rvcbeam.pipeline.parts.ModelValidator;
import io.rvcbeam.pipeline.job.VoiceModel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Files exist and every checkpoint reads (safely) and describes the network it should, and
 * each voice fits the shared content encoder and its own index, so a model that cannot load
 * is found before any song is decoded: a shared one stops the job, a voice's only its songs.
 */
final class CheckpointValidator implements ModelValidator {
  @Override
  public Map<String, String> validate(ModelFiles shared, Collection<VoiceModel> voices)
      throws ModelLoadException {
    Map<String, String> unusable = new TreeMap<>(new ModelFilesExist().validate(shared, voices));
    EmbedderInfo embedder;
    try {
      embedder = EmbedderInfo.read(LocalModelFiles.embedder(shared.embedderUri()));
    } catch (Exception e) {
      throw new ModelLoadException("content encoder (models.embedder) " + shared.embedderUri()
          + " cannot be used: " + DeadLetter.describe(e), e);
    }
    try {
      Path rmvpe = LocalModelFiles.file(shared.pitchModelUri());
      RmvpeInfo.of(rmvpe, TorchCheckpoint.read(rmvpe).tensors());
    } catch (Exception e) {
      throw new ModelLoadException("pitch model (models.pitchModel) " + shared.pitchModelUri()
          + " cannot be used: " + DeadLetter.describe(e), e);
    }
    // A remote embedder is staged in a temporary folder: its own URI names it.
    String byUri = EmbedderName.of(shared.embedderUri(), null);
    String embedderName = byUri.equals(EmbedderName.CUSTOM) ? embedder.embedder() : byUri;
    for (VoiceModel voice : voices) {
      if (!unusable.containsKey(voice.name())) {
        String problem = voiceProblem(voice, embedder, shared.embedderUri(), embedderName);
        if (problem != null) {
          unusable.put(voice.name(), problem);
        }
      }
    }
    return unusable;
  }

  /** Null when the voice loads and fits, else the reason naming the voice and the file. */
  private static String voiceProblem(
      VoiceModel voice, EmbedderInfo embedder, String embedderUri, String embedderName) {
    String file = voice.modelUri();
    try {
      VoiceModelInfo info =
          VoiceModelInfo.of(TorchCheckpoint.read(LocalModelFiles.file(voice.modelUri())));
      String mismatch =
          EmbedderName.mismatch(voice.modelUri(), info.embedderModel(), embedderUri, embedderName);
      if (mismatch != null) {
        return ModelValidator.voiceReason(voice, file, mismatch);
      }
      int width = info.contentWidth();
      if (width != embedder.hiddenWidth() && width != embedder.finalProjWidth()) {
        return ModelValidator.voiceReason(voice, file, "the model takes " + width
            + "-wide content features but the content encoder " + embedderUri + " gives "
            + embedder.hiddenWidth() + (embedder.finalProjWidth() > 0
                ? " (" + embedder.finalProjWidth() + " projected)" : " and has no final_proj")
            + "; use the embedder the voice was trained with");
      }
      if (voice.indexUri() != null) {
        file = voice.indexUri();
        FaissIndex index = FaissIndex.read(LocalModelFiles.file(voice.indexUri()));
        Retrieval.check(index, width, LocalModelFiles.name(voice.modelUri()));
      }
      return null;
    } catch (Exception e) {
      return ModelValidator.voiceReason(voice, file, DeadLetter.describe(e));
    }
  }
}
