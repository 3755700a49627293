package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;

/**
 * The synthesizer's decoder {@code dec}: the flow's latent of one item → its waveform at the
 * model's rate. One implementation per {@code vocoder} kind.
 *
 * <p>The decoder has no mask, so it runs per item (a padded tail would reach valid samples
 * through its convolutions' receptive fields).
 */
public interface Decoder {

  /**
   * The item's excitation at the output rate, computed on the host; takes the source's random
   * draws (initial phases, then noise) from {@code draws}. Null, drawing nothing, for a decoder
   * without a pitch source.
   *
   * @param pitchf frame-rate pitch in Hz (0 = unvoiced), T values
   * @return T·hop values
   */
  float[] excitation(float[] pitchf, RandomDraws draws);

  /**
   * @param z [1, inter, T] masked latent of one item
   * @param g [1, gin, 1] speaker embedding
   * @param excitation [1, 1, T·hop], or null without a pitch source
   * @param draws the item's stream, for what the network itself draws after the source
   * @return [1, 1, T·hop] waveform in (−1, 1), on z's manager
   */
  NDArray forward(NDArray z, NDArray g, NDArray excitation, RandomDraws draws);
}
