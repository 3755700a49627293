package io.rvcbeam.convert;

import io.rvcbeam.audio.RmsEnvelope;

/**
 * What step 6's RMS mix needs of the input: the RMS frames of the high-passed 16 kHz song
 * (docs/algorithm.md §9.2, frame 16000, hop 8000, over float32 samples as librosa reads them),
 * taken before chunking so the song need not be kept until its chunks are converted. Stateless.
 */
public final class SourceEnvelope {

  /** @return the frames, or null when the settings skip the mix ({@code rmsMixRate == 1}) */
  public float[] apply(float[] filtered16k, ConversionSettings settings) {
    return settings.usesRmsMix() ? RmsEnvelope.of(filtered16k, ChunkConfig.SAMPLE_RATE) : null;
  }
}
