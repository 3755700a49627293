package io.rvcbeam.convert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The IVF coarse quantizer with its matrix product on the engine: q·cᵀ for a block of queries
 * against every centroid in one float32 GEMM ([b, d] × [d, nlist]), then on the host the exact
 * ranking of {@link IvfFlatSearch#probe(float[])} restricted to the centroids that the product's
 * error bound cannot rule out ({@link CentroidRanking#rankScreened}). The lists are the host's,
 * always; the GEMM only decides which few centroids need their exact float64 distance.
 *
 * <p>Why the engine and not a Java loop: this is the dense part of the search (T·nlist·d
 * multiply-adds, 50 M per second of audio for a 1,282-list, 768-wide index) and the engine's
 * GEMM runs it at the core's vector throughput, which a scalar Java loop (Java 17 has no stable
 * vector API) does not approach. The list members' distances stay in Java: they must be FAISS's
 * in-order scalar sums, bit for bit, which no GEMM reproduces.
 */
public final class DeviceCoarseQuantizer implements AutoCloseable {

  /** Products per engine call: bounds the [b, nlist] block copied back (16 MB). */
  private static final long MAX_PRODUCTS = 4L << 20;

  private final CentroidRanking ranking;
  private final NDManager manager;
  private final int d;
  private final int nlist;
  private final int nprobe;
  private final double extraError;
  private final NDArray centroidsT; // [d, nlist]

  /** Ranks {@code search}'s centroids with a matrix product on {@code device}. */
  public DeviceCoarseQuantizer(IvfFlatSearch search, Device device) {
    this.ranking = search.ranking();
    this.d = ranking.width();
    this.nlist = ranking.lists();
    this.nprobe = search.nprobe();
    this.extraError = device.isGpu() ? CentroidRanking.TF32_INPUTS : 0;
    this.manager = NDManager.newBaseManager(device);
    try (NDArray c = manager.create(ranking.centroids(), new Shape(nlist, d))) {
      this.centroidsT = c.transpose().duplicate();
    }
  }

  /** [T, nprobe] list numbers, nearest first: exactly {@link IvfFlatSearch#probe(float[])}. */
  public int[] probe(float[] queries) {
    int frames = queries.length / d;
    int[] out = new int[frames * nprobe];
    int block = (int) Math.max(1, Math.min(frames, MAX_PRODUCTS / nlist));
    double[] bounds = new double[2 * nlist];
    float[] best = new float[nprobe];
    float[] slice = new float[block * d];
    try (NDManager call = manager.newSubManager()) {
      for (int from = 0; from < frames; from += block) {
        int rows = Math.min(block, frames - from);
        if (rows < block) {
          slice = new float[rows * d];
        }
        System.arraycopy(queries, from * d, slice, 0, rows * d);
        float[] products;
        try (NDArray q = call.create(slice, new Shape(rows, d)); // [b, d]
            NDArray p = q.matMul(centroidsT)) { // [b, nlist]
          products = p.toFloatArray();
        }
        for (int r = 0; r < rows; r++) {
          int t = from + r;
          ranking.rankScreened(queries, t * d, products, r * nlist, extraError, nprobe, out,
              t * nprobe, bounds, best);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
