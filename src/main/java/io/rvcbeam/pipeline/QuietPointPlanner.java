package io.rvcbeam.pipeline;

import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.ChunkPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link ChunkPlanner} with RVC's quiet-point cutting ({@link ChunkPlan}). */
final class QuietPointPlanner implements ChunkPlanner {

  private final ChunkConfig config;

  QuietPointPlanner(ChunkConfig config) {
    this.config = config;
  }

  @Override
  public List<ChunkSlice> split(double[] filtered16k, double[] f0) {
    ChunkPlan plan = ChunkPlan.of(filtered16k, config);
    double[] padded = plan.pad(filtered16k);
    List<ChunkSlice> slices = new ArrayList<>(plan.chunks().size());
    for (ChunkPlan.Chunk c : plan.chunks()) {
      double[] pitch = f0 == null
          ? new double[0]
          : Arrays.copyOfRange(f0, c.pitchStart(), Math.min(f0.length, c.pitchEnd()));
      slices.add(new ChunkSlice(c.padStart(), c.samples(padded), pitch));
    }
    return slices;
  }
}
