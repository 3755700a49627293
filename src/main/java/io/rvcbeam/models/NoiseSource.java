package io.rvcbeam.models;

import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.synth.RandomDraws;
import java.util.List;

/**
 * The random draws of one synthesizer call for one chunk, requested in the reference's order
 * (docs/algorithm.md §1.2): {@code normal([1, inter, T])} for the prior sample, then for pitch models
 * {@code uniform([1, 1, 1])} (the sine source's initial phase, which has no effect with one
 * harmonic) and {@code normal([1, T·hop, 1])} (the source noise). The MRF HiFi-GAN and RefineGAN
 * decoders draw other sequences after the prior sample (see their {@code excitation} and
 * {@code forward}).
 *
 * <p>A source is a stream: stateful, used by one call for one chunk, not thread-safe.
 */
public interface NoiseSource extends RandomDraws {

  /** Every draw zero (the goldens' {@code zero_*} runs). */
  static NoiseSource zero() {
    return new NoiseSource() {
      @Override
      public float[] normal(long... shape) {
        return new float[Math.toIntExact(HostTensor.numel(shape))];
      }

      @Override
      public float[] uniform(long... shape) {
        return new float[Math.toIntExact(HostTensor.numel(shape))];
      }
    };
  }

  /**
   * Deterministic draws for one chunk of one song: the same arguments give the same values in any
   * run, JVM or thread (production default; a retried bundle writes the same bytes).
   */
  static NoiseSource seeded(long seed, String songId, int chunkIndex) {
    return new SeededNoise(seed, songId, chunkIndex);
  }

  /**
   * Replays recorded draws in order (golden tests): int8 tensors are the goldens' normal draws
   * stored as {@code code / 16}; floating tensors are used as they are.
   */
  static NoiseSource replay(List<HostTensor> draws) {
    return new ReplayedNoise(draws);
  }
}
