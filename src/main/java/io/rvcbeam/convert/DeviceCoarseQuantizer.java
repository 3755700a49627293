package io.rvcbeam.convert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The IVF coarse quantizer on a DJL device: ranks the centroids by ‖x‖² + ‖c‖² − 2x·c in float32
 * with one matrix product per block and keeps the {@code nprobe} nearest, as FAISS's BLAS path
 * does for 20 or more queries. For large indexes (thousands of lists) this is what makes {@link
 * IvfRetrieval} fast; the host's {@link IvfFlatSearch#probe(float[])} costs T·nlist·d scalar
 * multiply-adds. Equidistant centroids may be ordered differently than FAISS orders them.
 */
public final class DeviceCoarseQuantizer implements AutoCloseable {

  private static final long MAX_DISTANCES = 32L << 20;

  private final NDManager manager;
  private final int d;
  private final int nlist;
  private final NDArray centroidsT; // [d, nlist]
  private final NDArray norms; // [nlist]

  /** @param centroids [nlist, d] */
  public DeviceCoarseQuantizer(float[] centroids, int d, Device device) {
    if (d <= 0 || centroids.length == 0 || centroids.length % d != 0) {
      throw new IllegalArgumentException(
          centroids.length + " values are not centroids of width " + d);
    }
    this.d = d;
    this.nlist = centroids.length / d;
    this.manager = NDManager.newBaseManager(device);
    NDArray c = manager.create(centroids, new Shape(nlist, d));
    this.norms = c.square().sum(new int[] {1});
    this.centroidsT = c.transpose().duplicate();
    c.close();
  }

  /** [T, nprobe] list numbers, nearest first. */
  public int[] probe(float[] queries, int nprobe) {
    int frames = queries.length / d;
    int k = Math.min(nprobe, nlist);
    int[] out = new int[frames * k];
    int block = (int) Math.max(1, Math.min(Integer.MAX_VALUE, MAX_DISTANCES / nlist));
    try (NDManager call = manager.newSubManager()) {
      for (int from = 0; from < frames; from += block) {
        int rows = Math.min(block, frames - from);
        float[] slice = new float[rows * d];
        System.arraycopy(queries, from * d, slice, 0, rows * d);
        NDArray q = call.create(slice, new Shape(rows, d)); // [b, d]
        NDArray distances = q.square().sum(new int[] {1}, true).add(norms)
            .sub(q.matMul(centroidsT).mul(2f)); // [b, nlist]
        long[] ids = distances.topK(k, 1, false, true).get(1).toLongArray();
        for (int i = 0; i < ids.length; i++) {
          out[from * k + i] = (int) ids[i];
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
