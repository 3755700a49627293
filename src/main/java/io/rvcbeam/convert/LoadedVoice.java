package io.rvcbeam.convert;

import io.rvcbeam.models.Synthesizer;

/**
 * A voice as {@link VoiceLoader} loads it: the converter over its synthesizer, index and the
 * shared content encoder, the batch plan it runs and the samples trimmed from each chunk's
 * output. Closing frees the synthesizer and the index, not the shared encoder.
 *
 * @param converter the voice's chunk conversion
 * @param retrieval its index search, or null
 * @param batchPlan how its chunks share network calls
 * @param trim output samples dropped at each end of a chunk ({@code t_pad_tgt})
 */
public record LoadedVoice(VoiceConverter converter, Retrieval retrieval, BatchPlan batchPlan,
    int trim) implements AutoCloseable {

  public Synthesizer synthesizer() {
    return converter.synthesizer();
  }

  public int sampleRate() {
    return converter.sampleRate();
  }

  @Override
  public void close() {
    try (Synthesizer s = converter.synthesizer()) {
      if (retrieval != null) {
        retrieval.close();
      }
    }
  }
}
