package io.rvcbeam.pipeline;

import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.convert.VoiceConverter;
import io.rvcbeam.convert.bench.RandomIndex;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.Synthesizer;
import io.rvcbeam.models.random.RandomHubertWeights;
import io.rvcbeam.models.random.RandomSynthWeights;
import io.rvcbeam.models.random.RmvpeStateDicts;
import java.util.Collection;
import java.util.Map;

/**
 * The real pipeline with full-size random-weight networks (HuBERT base, released-size RMVPE, a
 * v2 40 kHz voice with a 20 000-vector random index) instead of the job's model files, to
 * measure a catalogue's speed without real models: {@code rvc-beam run JOB.yaml
 * --components=io.rvcbeam.pipeline.RandomWeightComponents}. The job's model files must exist but
 * are not read.
 */
public final class RandomWeightComponents extends RvcComponents {

  private static final long SEED = 20261125L;

  @Override
  public SongPitchTracker loadPitchEstimator(ModelFiles models, OptimizationConfig optimization) {
    return new RmvpePitchTracker(PitchEstimator.fromStateDict("random RMVPE",
        RmvpeStateDicts.released(SEED), Engines.device(optimization),
        Engines.dtype(optimization)), Engines.chunkConfig(optimization));
  }

  @Override
  public ChunkConverter loadConverter(
      VoiceModel voice, ModelFiles models, OptimizationConfig optimization) throws Exception {
    ContentEncoder encoder = ContentEncoder.fromStateDict("random HuBERT base",
        RandomHubertWeights.fullSize(SEED), Map.of(), Engines.device(optimization),
        Engines.dtype(optimization));
    SynthConfig config = RandomSynthWeights.realConfig("v2", true, 40000);
    Synthesizer synthesizer = Synthesizer.fromWeights("random v2 40k", config,
        RandomSynthWeights.build(config, SEED), Engines.device(optimization),
        Engines.dtype(optimization));
    var retrieval = RandomIndex.build(20000, config.phoneDim(), SEED).ivf();
    VoiceConverter converter = new VoiceConverter(encoder, synthesizer, retrieval);
    return new RvcChunkConverter(converter, synthesizer, retrieval, encoder,
        Engines.chunkConfig(optimization).tPadTarget(synthesizer.sampleRate()),
        Engines.batchPlan(optimization, converter));
  }

  @Override
  public ModelValidator validator() {
    return (ModelFiles shared, Collection<VoiceModel> voices) ->
        new ModelFilesExist().validate(shared, voices);
  }
}
