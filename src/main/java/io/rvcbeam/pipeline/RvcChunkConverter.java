package io.rvcbeam.pipeline;

import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.PitchPostProcessor;
import io.rvcbeam.convert.Profiler;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.convert.SongConverter;
import io.rvcbeam.convert.VoiceConverter;
import io.rvcbeam.models.Synthesizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ChunkConverter} over {@link VoiceConverter}: chunks that share their song's settings
 * go to the networks together; pitch shift and coarse bins are computed per chunk (both are
 * per-frame, so slicing first changes nothing).
 */
final class RvcChunkConverter implements ChunkConverter {

  private final VoiceConverter voice;
  private final Synthesizer synthesizer;
  private final Retrieval retrieval;
  private final AutoCloseable encoderLease;
  private final int trim;

  RvcChunkConverter(VoiceConverter voice, Synthesizer synthesizer, Retrieval retrieval,
      AutoCloseable encoderLease, int trim) {
    this.voice = voice;
    this.synthesizer = synthesizer;
    this.retrieval = retrieval;
    this.encoderLease = encoderLease;
    this.trim = trim;
  }

  @Override
  public int sampleRate() {
    return voice.sampleRate();
  }

  @Override
  public List<float[]> convert(List<Chunk> batch) {
    Map<ConversionSettings, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      groups.computeIfAbsent(settingsOf(batch.get(i).song().settings()), k -> new ArrayList<>())
          .add(i);
    }
    float[][] out = new float[batch.size()][];
    for (Map.Entry<ConversionSettings, List<Integer>> group : groups.entrySet()) {
      ConversionSettings settings = group.getKey();
      List<VoiceConverter.ChunkInput> inputs = new ArrayList<>();
      for (int i : group.getValue()) {
        Chunk chunk = batch.get(i);
        long[] coarse = null;
        float[] pitchf = null;
        if (chunk.f0() != null && chunk.f0().length > 0) {
          PitchPostProcessor.Pitch pitch = PitchPostProcessor.process(chunk.f0(), settings);
          coarse = pitch.coarse();
          pitchf = pitch.pitchfSlice(0, pitch.length());
        }
        inputs.add(new VoiceConverter.ChunkInput(chunk.samples(), coarse, pitchf,
            SongConverter.noise(settings, chunk.song().id(), chunk.index())));
      }
      List<float[]> converted = voice.convert(inputs, settings, trim, Profiler.disabled());
      for (int j = 0; j < converted.size(); j++) {
        out[group.getValue().get(j)] = converted.get(j);
      }
    }
    return List.of(out);
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
