package io.rvcbeam.convert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.FaissIndex;
import java.util.Arrays;

/**
 * Exact k-nearest-neighbour retrieval on a DJL device ({@code
 * RVC_GPU_RETRIEVAL}; docs/algorithm.md §6.3): the stored vectors are uploaded once; each call ranks all
 * of them by {@code ‖q‖² − 2q·v + ‖v‖²} with one matrix product and top-k, then rescores the k
 * winners directly as Σ(q − v)² (the expanded form loses precision to cancellation) and blends
 * with the reference's weights {@code (1/score)²}, normalised.
 *
 * <p>Differs from the reference only in the candidate set: all vectors instead of the {@code
 * nprobe} probed lists. Queries are processed in row blocks so the distance matrix stays below
 * {@link #MAX_DISTANCES} floats. Each call works in its own sub-manager and only reads the shared
 * vectors; plain arrays go in and out.
 */
public final class ExactKnnRetrieval implements Retrieval {

  /** Largest distance matrix one block may hold (floats; 128 MB). */
  static final long MAX_DISTANCES = 32L << 20;

  private final NDManager manager;
  private final int d;
  private final int total;
  private final NDArray vectors; // [N, d]
  private final NDArray norms; // [N]

  /**
   * @param vectors [ntotal, d] in id order
   * @param device where the vectors live and the search runs
   */
  public ExactKnnRetrieval(float[] vectors, int d, Device device) {
    if (d <= 0 || vectors.length == 0 || vectors.length % d != 0) {
      throw new IllegalArgumentException(vectors.length + " values are not vectors of width " + d);
    }
    this.d = d;
    this.total = vectors.length / d;
    this.manager = NDManager.newBaseManager(device);
    this.vectors = manager.create(vectors, new Shape(total, d));
    this.norms = this.vectors.square().sum(new int[] {1});
  }

  public static ExactKnnRetrieval of(FaissIndex index, Device device) {
    return new ExactKnnRetrieval(index.vectors(), index.d(), device);
  }

  @Override
  public int width() {
    return d;
  }

  @Override
  public Neighbours search(float[] queries) {
    int frames = frames(queries);
    long[] ids = new long[frames * K];
    float[] scores = new float[frames * K];
    Arrays.fill(ids, -1L);
    Arrays.fill(scores, Neighbours.MISSING_SCORE);
    int k = Math.min(K, total);
    try (NDManager call = manager.newSubManager()) {
      for (int from = 0; from < frames; from += blockRows()) {
        int rows = Math.min(blockRows(), frames - from);
        Block block = nearest(call, queries, from, rows, k);
        long[] blockIds = block.ids.toLongArray();
        float[] blockScores = block.scores.toFloatArray();
        for (int r = 0; r < rows; r++) {
          sortRow(blockIds, blockScores, r * k, k);
          System.arraycopy(blockIds, r * k, ids, (from + r) * K, k);
          System.arraycopy(blockScores, r * k, scores, (from + r) * K, k);
        }
      }
    }
    return new Neighbours(K, ids, scores);
  }

  @Override
  public float[] blend(float[] features, double rate) {
    int frames = frames(features);
    float[] out = new float[features.length];
    int k = Math.min(K, total);
    try (NDManager call = manager.newSubManager()) {
      for (int from = 0; from < frames; from += blockRows()) {
        int rows = Math.min(blockRows(), frames - from);
        Block block = nearest(call, features, from, rows, k);
        NDArray w = call.create(1f).div(block.scores).square(); // [b, k]
        w = w.div(w.sum(new int[] {1}, true));
        NDArray r = block.rows.mul(w.expandDims(2)).sum(new int[] {1}); // [b, d]
        NDArray mixed = r.mul((float) rate).add(block.queries.mul((float) (1 - rate)));
        System.arraycopy(mixed.toFloatArray(), 0, out, from * d, rows * d);
      }
    }
    return out;
  }

  /** The k nearest of queries[from, from + rows): ids [b, k], direct scores [b, k], rows [b, k, d]. */
  private Block nearest(NDManager call, float[] queries, int from, int rows, int k) {
    float[] slice = new float[rows * d];
    System.arraycopy(queries, from * d, slice, 0, rows * d);
    NDArray q = call.create(slice, new Shape(rows, d)); // [b, d]
    NDArray qNorms = q.square().sum(new int[] {1}, true); // [b, 1]
    NDArray distances = qNorms.add(norms).sub(q.matMul(vectors.transpose()).mul(2f)); // [b, N]
    NDList top = distances.topK(k, 1, false, true);
    NDArray ids = top.get(1); // [b, k] int64
    NDArray neighbours = vectors.get(new NDIndex("{}", ids.flatten())).reshape(rows, k, d);
    NDArray scores = neighbours.sub(q.expandDims(1)).square().sum(new int[] {2}); // [b, k]
    return new Block(q, ids, scores, neighbours);
  }

  private record Block(NDArray queries, NDArray ids, NDArray scores, NDArray rows) {}

  private int blockRows() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MAX_DISTANCES / total));
  }

  private int frames(float[] queries) {
    if (queries.length % d != 0) {
      throw new IllegalArgumentException(queries.length + " values are not rows of width " + d);
    }
    return queries.length / d;
  }

  /** Orders one row by (score, id) after the direct rescoring. */
  private static void sortRow(long[] ids, float[] scores, int base, int k) {
    for (int i = base + 1; i < base + k; i++) {
      long id = ids[i];
      float s = scores[i];
      int j = i;
      while (j > base && (scores[j - 1] > s || (scores[j - 1] == s && ids[j - 1] > id))) {
        ids[j] = ids[j - 1];
        scores[j] = scores[j - 1];
        j--;
      }
      ids[j] = id;
      scores[j] = s;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
