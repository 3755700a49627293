package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.values.Chunk;
import java.util.List;

/**
 * Seam: the voice conversion of a batch of chunks of one voice (real: {@code
 * io.rvcbeam.convert.VoiceConverter} with content encoder, retrieval and synthesizer). One
 * loaded instance per (voice files, shared files, device, dtype) is shared by every thread of a
 * worker JVM through {@link ModelCache}: {@link #convert} must be thread-safe and free its
 * per-call memory per call.
 *
 * <p>Output must not depend on which chunks share a batch (the noise of a chunk is seeded from
 * (seed, song id, chunk index)): batched and unbatched runs must agree.
 */
public interface ChunkConverter extends AutoCloseable {

  /** Output sample rate of the voice model. */
  int sampleRate();

  /**
   * @param batch chunks of this converter's voice, each with its song's settings
   * @return per chunk, in batch order, its converted audio with the context trimmed
   * @throws Exception when the batch cannot be converted (the caller retries chunk by chunk)
   */
  List<float[]> convert(List<Chunk> batch) throws Exception;
}
