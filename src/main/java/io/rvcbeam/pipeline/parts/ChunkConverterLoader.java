package io.rvcbeam.pipeline.parts;

import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.VoiceModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Seam: loads a voice's {@link ChunkConverter} on a worker (real: the voice model, its index and
 * the shared content encoder). Serializable, so {@code ConvertChunks} carries it to the workers;
 * each worker JVM loads a voice once under {@link #key} through {@link ModelCache}.
 * Implementations give only {@link #load}.
 */
public abstract class ChunkConverterLoader extends WorkerModelLoader {

  protected ChunkConverterLoader(ModelFiles models, OptimizationConfig optimization) {
    super(models, optimization);
  }

  /**
   * What one loaded converter of {@code voice} is shared under in a JVM: its files, the content
   * encoder, device and dtype, and the batch size and chunking its batch plan and trim come from.
   */
  public final ModelKey key(VoiceModel voice) {
    List<String> files = new ArrayList<>();
    files.add(voice.modelUri());
    files.add(String.valueOf(voice.indexUri()));
    files.add(models().embedderUri());
    return key("voice, batch " + optimization().batchSize() + ", " + optimization().chunking(),
        files);
  }

  /** Loads {@code voice}; called at most once per {@link #key} and JVM while it has users. */
  public abstract ChunkConverter load(VoiceModel voice) throws Exception;
}
