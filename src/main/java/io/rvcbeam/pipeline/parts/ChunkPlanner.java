package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.values.ChunkSlice;
import java.io.Serializable;
import java.util.List;

/**
 * Seam: RVC's quiet-point cutting (docs/algorithm.md §3; real: {@code io.rvcbeam.convert.ChunkPlan}).
 * Pads the song, cuts it and slices the pitch. Stateless and thread-safe.
 */
public interface ChunkPlanner extends Serializable {

  /**
   * @param filtered16k the high-passed song, unpadded
   * @param f0 the song's pitch from {@link SongPitchTracker}
   * @return at least one chunk, in song order
   */
  List<ChunkSlice> split(double[] filtered16k, double[] f0) throws Exception;
}
