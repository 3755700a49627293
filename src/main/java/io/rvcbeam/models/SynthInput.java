package io.rvcbeam.models;

import java.util.List;

/**
 * A batch of synthesizer inputs; items may have different frame counts.
 *
 * @param items one per chunk
 */
public record SynthInput(List<Item> items) {

  public SynthInput {
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("empty synthesizer batch");
    }
  }

  public static SynthInput of(Item... items) {
    return new SynthInput(List.of(items));
  }

  /**
   * One chunk.
   *
   * @param phone content features [frames, phoneDim], C order (already 2× upsampled)
   * @param frames T
   * @param pitch coarse pitch bins [frames] (1..255; ignored by models without pitch; may be null)
   * @param pitchf pitch in Hz [frames] (ignored by models without pitch; may be null)
   * @param speakerId row of the speaker embedding
   */
  public record Item(float[] phone, int frames, long[] pitch, float[] pitchf, int speakerId) {}
}
