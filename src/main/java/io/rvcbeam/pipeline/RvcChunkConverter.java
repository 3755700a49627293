package io.rvcbeam.pipeline;

import io.rvcbeam.convert.BatchPlan;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.PitchPostProcessor;
import io.rvcbeam.convert.Profiler;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.convert.SongConverter;
import io.rvcbeam.convert.VoiceConverter;
import io.rvcbeam.models.Synthesizer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ChunkConverter} over {@link VoiceConverter}: a batch's chunks go to the networks in the
 * calls of a {@link BatchPlan}, each with its own song's settings; pitch shift and coarse bins
 * are computed per chunk (both are per-frame, so slicing first changes nothing).
 */
final class RvcChunkConverter implements ChunkConverter {

  private final VoiceConverter voice;
  private final Synthesizer synthesizer;
  private final Retrieval retrieval;
  private final AutoCloseable encoderLease;
  private final int trim;
  private final BatchPlan plan;

  RvcChunkConverter(VoiceConverter voice, Synthesizer synthesizer, Retrieval retrieval,
      AutoCloseable encoderLease, int trim, BatchPlan plan) {
    this.voice = voice;
    this.synthesizer = synthesizer;
    this.retrieval = retrieval;
    this.encoderLease = encoderLease;
    this.trim = trim;
    this.plan = plan;
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
      ConversionSettings s = settingsOf(chunk.song().settings());
      long[] coarse = null;
      float[] pitchf = null;
      if (chunk.f0() != null && chunk.f0().length > 0) {
        PitchPostProcessor.Pitch pitch = PitchPostProcessor.process(chunk.f0(), s);
        coarse = pitch.coarse();
        pitchf = pitch.pitchfSlice(0, pitch.length());
      }
      inputs.add(new VoiceConverter.ChunkInput(chunk.samples(), coarse, pitchf,
          SongConverter.noise(s, chunk.song().id(), chunk.index())));
      settings.add(s);
    }
    return voice.convert(inputs, settings, trim, plan, Profiler.disabled());
  }

  static ConversionSettings settingsOf(SongSettings s) {
    long semitones = Math.round(s.pitch());
    if (semitones != s.pitch()) {
      throw new IllegalArgumentException("pitch must be a whole number of semitones, got "
          + s.pitch());
    }
    return ConversionSettings.defaults()
        .withPitch((int) semitones)
        .withIndexRate(s.indexRate())
        .withProtect(s.protect())
        .withRmsMixRate(s.rmsMixRate())
        .withSid(s.sid())
        .withNoise(s.noise() == NoiseMode.ZERO
            ? ConversionSettings.Noise.ZERO : ConversionSettings.Noise.SEEDED, s.seed());
  }

  @Override
  public void close() throws Exception {
    try (AutoCloseable e = encoderLease; Synthesizer s = synthesizer) {
      if (retrieval != null) {
        retrieval.close();
      }
    }
  }
}
