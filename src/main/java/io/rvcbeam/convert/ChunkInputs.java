package io.rvcbeam.convert;

import io.rvcbeam.models.NoiseSource;

/**
 * Step 5's inputs: one chunk's samples with its slice of the song's shifted pitch and its noise,
 * as {@link VoiceConverter} takes them.
 */
public final class ChunkInputs {

  private ChunkInputs() {}

  /**
   * @param samples the chunk's samples of the reflect-padded, high-passed song
   * @param pitch the song's pitch from {@link PitchPostProcessor#process}, or null without pitch
   * @param pitchStart first frame of the chunk's pitch slice
   * @param pitchEnd end (exclusive) of the slice
   */
  public static VoiceConverter.ChunkInput of(float[] samples, PitchPostProcessor.Pitch pitch,
      int pitchStart, int pitchEnd, ConversionSettings settings, String songId, int chunkIndex) {
    long[] coarse = pitch == null ? null : pitch.coarseSlice(pitchStart, pitchEnd);
    float[] pitchf = pitch == null ? null : pitch.pitchfSlice(pitchStart, pitchEnd);
    return new VoiceConverter.ChunkInput(samples, coarse, pitchf,
        noise(settings, songId, chunkIndex));
  }

  /** The synthesizer draws of one chunk: zero, or seeded from (seed, song, chunk). */
  public static NoiseSource noise(ConversionSettings settings, String songId, int chunkIndex) {
    return settings.noise() == ConversionSettings.Noise.ZERO
        ? NoiseSource.zero()
        : NoiseSource.seeded(settings.seed(), songId, chunkIndex);
  }
}
