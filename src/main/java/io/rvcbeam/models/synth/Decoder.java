package io.rvcbeam.models.synth;

import io.rvcbeam.nn.SlotLengths;
import ai.djl.ndarray.NDArray;

/**
 * The synthesizer's decoder {@code dec}: the flow's latent of one item → its waveform at the
 * model's rate. One implementation per {@code vocoder} kind.
 *
 * <p>The reference's decoder has no mask, so it runs per item (a padded tail would reach valid
 * samples through its convolutions' receptive fields), unless the implementation masks padded
 * slots itself ({@link #masksPaddedSlots}).
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

  /** Whether {@link #forwardPadded} works. */
  default boolean masksPaddedSlots() {
    return false;
  }

  /**
   * A batch of padded slots in one call, each slot's padding zeroed before every convolution so
   * nothing of it reaches the slot's real samples.
   *
   * @param z [B, inter, T], zero after each slot's frames
   * @param g [B, gin, 1]
   * @param excitation [B, 1, T·hop], zero after each slot's samples, or null
   * @param frames real frames per slot
   * @return [B, 1, T·hop]; samples after a slot's own are padding
   */
  default NDArray forwardPadded(NDArray z, NDArray g, NDArray excitation, SlotLengths frames) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no slot masks");
  }
}
