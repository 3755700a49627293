package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.values.ChunkSlice;
import java.io.Serializable;
import java.util.List;

/**
 * Seam: RVC's quiet-point cutting (docs/algorithm.md §3; real: {@code io.rvcbeam.convert.ChunkPlan}).
 * Finds the cuts where the exact filtered values are at hand, then pads the song, cuts it and
 * slices the pitch. Stateless and thread-safe.
 */
public interface ChunkPlanner extends Serializable {

  /**
   * @param filtered the high-passed song, unpadded
   * @return the quiet points to cut at, ascending, in unpadded 16 kHz samples (may be empty)
   */
  int[] cuts(FilteredAudio filtered) throws Exception;

  /**
   * @param filtered16k the high-passed song, unpadded ({@link FilteredAudio#samples})
   * @param cuts from {@link #cuts} of the same song
   * @param f0 the song's pitch from {@link SongPitchTracker}
   * @return at least one chunk, in song order
   */
  List<ChunkSlice> split(float[] filtered16k, int[] cuts, double[] f0) throws Exception;
}
