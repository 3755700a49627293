package io.rvcbeam.models.synth;

import io.rvcbeam.nn.SlotLengths;
import ai.djl.ndarray.NDArray;

/**
 * The "HiFi-GAN" vocoder: {@link HifiGanGenerator} with, for pitch models, its NSF
 * {@link SineSource}. The source draws a uniform [1, 1, 1] initial phase (no effect with one
 * harmonic, but it is drawn) and normal [1, T·hop, 1] noise.
 */
public final class HifiGanDecoder implements Decoder {

  private final WindowedDecoder windowed;
  private final SineSource source; // null without pitch

  /** @param windowed the generator over overlapping windows of a chunk (bounded memory) */
  public HifiGanDecoder(WindowedDecoder windowed, SineSource source) {
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
    return windowed.forwardPadded(z, g, excitation, frames);
  }
}
