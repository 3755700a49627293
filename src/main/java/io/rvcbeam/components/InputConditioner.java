package io.rvcbeam.components;

import io.rvcbeam.audio.HighPassedSong;
import io.rvcbeam.convert.LimitAndHighPass;
import io.rvcbeam.pipeline.parts.FilteredAudio;
import io.rvcbeam.pipeline.parts.SongFilter;

/**
 * {@link SongFilter} through {@link LimitAndHighPass}: peak limit and high-pass in float64, held
 * as float32 with the exact values regenerable ({@link HighPassedSong}).
 */
final class InputConditioner implements SongFilter {

  private static final LimitAndHighPass STEP = new LimitAndHighPass();

  @Override
  public FilteredAudio apply(double[] audio16k) {
    if (audio16k.length == 0) {
      throw new IllegalArgumentException("the song has no samples to filter");
    }
    HighPassedSong song = STEP.apply(audio16k);
    return new FilteredAudio() {
      @Override
      public float[] samples() {
        return song.samples();
      }

      @Override
      public void readExact(int from, int to, double[] out) {
        song.readExact(from, to, out);
      }
    };
  }
}
