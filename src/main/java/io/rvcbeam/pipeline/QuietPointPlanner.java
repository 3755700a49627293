package io.rvcbeam.pipeline;

import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.ChunkPlan;
import io.rvcbeam.nn.ReflectPad;
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
    List<ChunkSlice> slices = new ArrayList<>(plan.chunks().size());
    for (ChunkPlan.Chunk c : plan.chunks()) {
      double[] pitch = f0 == null
          ? new double[0]
          : Arrays.copyOfRange(f0, c.pitchStart(), Math.min(f0.length, c.pitchEnd()));
      slices.add(new ChunkSlice(c.padStart(), samples(filtered16k, c), pitch));
    }
    return slices;
  }

  /**
   * The chunk's samples of the reflect-padded song ({@code c.samples(plan.pad(song))}), read
   * from the unpadded song: no padded float64 copy of a whole song.
   */
  private float[] samples(double[] song, ChunkPlan.Chunk c) {
    int n = song.length;
    float[] out = new float[c.length()];
    long first = (long) c.padStart() - config.tPad();
    for (int i = 0; i < out.length; i++) {
      long k = first + i;
      out[i] = (float) song[k >= 0 && k < n ? (int) k : (int) ReflectPad.sourceIndex(k, n)];
    }
    return out;
  }
}
