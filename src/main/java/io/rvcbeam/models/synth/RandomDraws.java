package io.rvcbeam.models.synth;

/**
 * Where a decoder takes the values the reference draws at random, in the reference's order
 * (implemented by {@code io.rvcbeam.models.NoiseSource}).
 */
public interface RandomDraws {

  /** Standard-normal values, C order, for a tensor of {@code shape}. */
  float[] normal(long... shape);

  /** Uniform values in [0, 1), C order, for a tensor of {@code shape}. */
  float[] uniform(long... shape);
}
