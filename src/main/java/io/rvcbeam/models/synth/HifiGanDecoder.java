package io.rvcbeam.models.synth;

import io.rvcbeam.nn.SlotLengths;
import ai.djl.ndarray.NDArray;

/**
 * The "HiFi-GAN" vocoder: {@link HifiGanGenerator} with, for pitch models, its NSF
 * {@link SineSource}. The source draws a uniform [1, 1, 1] initial phase (no effect with one
 * harmonic, but it is drawn) and normal [1, T·hop, 1] noise.
 */
public final class HifiGanDecoder implements Decoder {

  private final HifiGanGenerator generator;
  private final WindowedDecoder windowed;
  private final SineSource source; // null without pitch

  /** @param windowed the generator over overlapping windows of one chunk (bounded memory) */
  public HifiGanDecoder(HifiGanGenerator generator, WindowedDecoder windowed, SineSource source) {
    this.generator = generator;
    this.windowed = windowed;
    this.source = source;
  }

  @Override
  public float[] excitation(float[] pitchf, RandomDraws draws) {
    if (source == null) {
      return null;
    }
    draws.uniform(1, 1, 1);
    float[] noise = draws.normal(1, (long) pitchf.length * source.upp(), 1);
    return source.harmonic(pitchf, noise);
  }

  @Override
  public NDArray forward(NDArray z, NDArray g, NDArray excitation, RandomDraws draws) {
    return windowed.forward(z, g, excitation);
  }

  @Override
  public boolean masksPaddedSlots() {
    return true;
  }

  @Override
  public NDArray forwardPadded(NDArray z, NDArray g, NDArray excitation, SlotLengths frames) {
    return generator.forward(z, g, excitation, frames);
  }
}
