package io.rvcbeam.components;

import io.rvcbeam.convert.ChunkInputs;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.LoadedVoice;
import io.rvcbeam.convert.PitchPostProcessor;
import io.rvcbeam.convert.Profiler;
import io.rvcbeam.convert.VoiceConverter;
import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.parts.ChunkConverter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ChunkConverter} over a {@link LoadedVoice}: a batch's chunks go to the networks in the
 * calls of the voice's batch plan, each with its own song's settings. A chunk carries its slice
 * of the song's adjusted pitch ({@link RmvpePitchTracker}); its coarse bins are a per-frame
 * function of it, the values the whole song's bins hold for those frames.
 */
final class RvcChunkConverter implements ChunkConverter {

  private final LoadedVoice voice;
  private final AutoCloseable encoderLease;

  /** @param encoderLease the shared content encoder's lease, given back on close */
  RvcChunkConverter(LoadedVoice voice, AutoCloseable encoderLease) {
    this.voice = voice;
    this.encoderLease = encoderLease;
  }

  @Override
  public int sampleRate() {
    return voice.sampleRate();
  }

  @Override
  public List<float[]> convert(List<Chunk> batch) {
    List<VoiceConverter.ChunkInput> inputs = new ArrayList<>(batch.size());
    List<ConversionSettings> settings = new ArrayList<>(batch.size());
    for (Chunk chunk : batch) {
      ConversionSettings s = chunk.song().settings();
      PitchPostProcessor.Pitch pitch = chunk.f0() != null && chunk.f0().length > 0
          ? PitchPostProcessor.Pitch.ofAdjusted(chunk.f0())
          : null;
      inputs.add(ChunkInputs.of(chunk.samples(), pitch, 0, pitch == null ? 0 : pitch.length(),
          s, chunk.song().id(), chunk.index()));
      settings.add(s);
    }
    return voice.converter().convert(inputs, settings, voice.trim(), voice.batchPlan(),
        Profiler.disabled());
  }

  @Override
  public void close() throws Exception {
    try (AutoCloseable e = encoderLease) {
      voice.close();
    }
  }
}
