package io.rvcbeam.pipeline.parts;

/**
 * A song after {@link SongFilter}: the float32 samples every later step reads, and the exact
 * float64 values on demand for the one step that needs them, the quiet-point search of {@link
 * ChunkPlanner#cuts} (the reference searches the float64 filter output; float32 sums could pick
 * another cut on a near tie). Holding float32 keeps a long song from needing a float64 copy.
 */
public interface FilteredAudio {

  /** The filtered song, float32: each value the exact one rounded. Not copied. */
  float[] samples();

  /** The exact float64 values {@code [from, to)} into {@code out[0, to − from)}. */
  void readExact(int from, int to, double[] out);
}
