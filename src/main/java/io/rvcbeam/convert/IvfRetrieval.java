package io.rvcbeam.convert;

import ai.djl.Device;
import io.rvcbeam.checkpoint.FaissIndex;
import java.util.List;

/**
 * Retrieval as the reference does it: FAISS IVF-Flat search with the file's {@code nprobe}
 * ({@link IvfFlatSearch}), then the reference's blend. Host memory only unless built with a
 * device for the coarse quantizer ({@link DeviceCoarseQuantizer}); safe to share between threads.
 */
public final class IvfRetrieval implements Retrieval {

  private final IvfFlatSearch search;
  private final DeviceCoarseQuantizer quantizer; // null: probe on the host

  public IvfRetrieval(IvfFlatSearch search) {
    this(search, null);
  }

  private IvfRetrieval(IvfFlatSearch search, DeviceCoarseQuantizer quantizer) {
    this.search = search;
    this.quantizer = quantizer;
  }

  /**
   * Like {@link #of(FaissIndex)} but ranks the centroids on a DJL device (one matrix product per
   * call): much faster for indexes with thousands of lists; may probe another list than FAISS
   * only for a query equidistant from two centroids in float32.
   */
  public static IvfRetrieval of(FaissIndex index, Device device) {
    IvfFlatSearch search = of(index).search;
    return new IvfRetrieval(
        search, new DeviceCoarseQuantizer(index.centroids(), index.d(), device));
  }

  public static IvfRetrieval of(FaissIndex index) {
    List<long[]> lists = index.lists();
    int[][] members = new int[lists.size()][];
    for (int i = 0; i < members.length; i++) {
      long[] ids = lists.get(i);
      members[i] = new int[ids.length];
      for (int j = 0; j < ids.length; j++) {
        members[i][j] = Math.toIntExact(ids[j]);
      }
    }
    int nprobe = (int) Math.min(Integer.MAX_VALUE, Math.max(1, index.nprobe()));
    return new IvfRetrieval(
        new IvfFlatSearch(index.d(), index.centroids(), index.vectors(), members, nprobe));
  }

  @Override
  public int width() {
    return search.width();
  }

  @Override
  public Neighbours search(float[] queries) {
    if (quantizer == null) {
      return search.search(queries, K);
    }
    return search.search(queries, K, quantizer.probe(queries, search.nprobe()));
  }

  @Override
  public float[] blend(float[] features, double rate) {
    return RetrievalBlend.blend(features, width(), search(features), search.vectors(), rate);
  }

  @Override
  public void close() {
    if (quantizer != null) {
      quantizer.close();
    }
  }
}
