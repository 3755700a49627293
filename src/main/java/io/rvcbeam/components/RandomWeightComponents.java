package io.rvcbeam.components;

import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.convert.PitchTrack;
import io.rvcbeam.convert.VoiceLoader;
import io.rvcbeam.convert.bench.RandomVoice;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.pipeline.parts.ChunkConverter;
import io.rvcbeam.pipeline.parts.ChunkConverterLoader;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.parts.ModelFilesExist;
import io.rvcbeam.pipeline.parts.ModelValidator;
import io.rvcbeam.pipeline.parts.PitchTrackerLoader;
import io.rvcbeam.pipeline.parts.SongPitchTracker;
import io.rvcbeam.pipeline.job.VoiceModel;
import java.util.Collection;

/**
 * The real pipeline with full-size random-weight networks (HuBERT base, released-size RMVPE, a
 * v2 40 kHz voice with a 20 000-vector random index) instead of the job's model files, to
 * measure a catalogue's speed without real models: {@code rvc-beam run JOB.yaml
 * --components=io.rvcbeam.components.RandomWeightComponents}. The job's model files must exist
 * but are not read.
 */
public final class RandomWeightComponents extends RvcComponents {

  private static final long SEED = 20261125L;

  @Override
  public PitchTrackerLoader pitchTracker(ModelFiles models, OptimizationConfig optimization) {
    return new PitchTrackerLoader(models, optimization) {
      @Override
      public SongPitchTracker load() {
        VoiceLoader loader = new VoiceLoader(optimization());
        PitchEstimator model = RandomVoice.pitchModel(loader, SEED);
        return new RmvpePitchTracker(model, new PitchTrack(model, loader.chunkConfig()));
      }
    };
  }

  @Override
  public ChunkConverterLoader chunkConverters(
      ModelFiles models, OptimizationConfig optimization) {
    return new ChunkConverterLoader(models, optimization) {
      @Override
      public ChunkConverter load(VoiceModel voice) throws Exception {
        VoiceLoader loader = new VoiceLoader(optimization());
        var encoder = RandomVoice.encoder(loader, SEED);
        try {
          return new RvcChunkConverter(
              RandomVoice.load(loader, 40000, 20000, SEED, encoder), encoder);
        } catch (Exception | Error e) {
          encoder.close();
          throw e;
        }
      }
    };
  }

  @Override
  public ModelValidator validator() {
    return (ModelFiles shared, Collection<VoiceModel> voices) ->
        new ModelFilesExist().validate(shared, voices);
  }
}
