package io.rvcbeam.convert.bench;

import io.rvcbeam.convert.LoadedVoice;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.convert.HostCopies;
import io.rvcbeam.convert.VoiceLoader;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.Synthesizer;
import io.rvcbeam.models.random.RandomHubertWeights;
import io.rvcbeam.models.random.RandomSynthWeights;
import io.rvcbeam.models.random.RmvpeStateDicts;
import java.util.Map;

/**
 * Full-size networks with random weights (HuBERT base, released-size RMVPE, a v2 voice with a
 * random index), built from a seed so two builds are the same: speed measurements without model
 * files. Loaded on {@link VoiceLoader}'s device and dtype, assembled by it like a real voice.
 */
public final class RandomVoice {

  private RandomVoice() {}

  public static ContentEncoder encoder(VoiceLoader loader, long seed) {
    return HostCopies.collectAfter(ContentEncoder.fromStateDict("random HuBERT base",
        RandomHubertWeights.fullSize(seed), Map.of(), loader.device(), loader.dtype()));
  }

  public static PitchEstimator pitchModel(VoiceLoader loader, long seed) {
    return HostCopies.collectAfter(PitchEstimator.fromStateDict("random RMVPE",
        RmvpeStateDicts.released(seed), loader.device(), loader.dtype()));
  }

  /** A random v2 synthesizer with pitch at {@code sampleRate}. */
  public static Synthesizer synthesizer(VoiceLoader loader, int sampleRate, long seed)
      throws Exception {
    SynthConfig config = RandomSynthWeights.realConfig("v2", true, sampleRate);
    return HostCopies.collectAfter(Synthesizer.fromWeights("random v2 " + sampleRate / 1000
        + "k", config, RandomSynthWeights.build(config, seed), loader.device(), loader.dtype()));
  }

  /**
   * A random voice with a random index of {@code indexVectors} vectors (none for 0).
   *
   * @param encoder the shared content encoder; not closed with the voice
   */
  public static LoadedVoice load(VoiceLoader loader, int sampleRate, int indexVectors, long seed,
      ContentEncoder encoder) throws Exception {
    Synthesizer synthesizer = synthesizer(loader, sampleRate, seed);
    Retrieval retrieval = indexVectors > 0
        ? HostCopies.collectAfter(
            RandomIndex.build(indexVectors, synthesizer.config().phoneDim(), seed).retrieval(loader))
        : null;
    return loader.assemble(synthesizer, retrieval, encoder);
  }
}
