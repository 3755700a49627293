package io.rvcbeam.components;

import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.ChunkPlan;
import io.rvcbeam.pipeline.parts.ChunkPlanner;
import io.rvcbeam.pipeline.parts.FilteredAudio;
import io.rvcbeam.pipeline.values.ChunkSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ChunkPlanner} through {@link ChunkPlan} (RVC's quiet-point cutting): each chunk's samples
 * of the reflect-padded song and its slice of the song's pitch.
 */
final class QuietPointPlanner implements ChunkPlanner {

  private final ChunkConfig config;

  QuietPointPlanner(ChunkConfig config) {
    this.config = config;
  }

  @Override
  public int[] cuts(FilteredAudio filtered) {
    return ChunkPlan.cuts(filtered.samples().length, filtered::readExact, config);
  }

  @Override
  public List<ChunkSlice> split(float[] filtered16k, int[] cuts, double[] f0) {
    ChunkPlan plan = ChunkPlan.withCuts(filtered16k.length, cuts, config);
    List<ChunkSlice> slices = new ArrayList<>(plan.chunks().size());
    for (ChunkPlan.Chunk c : plan.chunks()) {
      double[] pitch = f0 == null
          ? new double[0]
          : Arrays.copyOfRange(f0, c.pitchStart(), Math.min(f0.length, c.pitchEnd()));
      slices.add(new ChunkSlice(c.padStart(), c.samples(filtered16k, config.tPad()), pitch));
    }
    return slices;
  }
}
