package io.rvcbeam.convert;

import ai.djl.Device;
import io.rvcbeam.checkpoint.FaissIndex;
import java.util.List;

/**
 * Retrieval as the reference does it: FAISS IVF-Flat search with the file's {@code nprobe}
 * ({@link IvfFlatSearch}), then the reference's blend. The centroid products run as one matrix
 * product on a DJL device ({@link DeviceCoarseQuantizer}, the CPU unless told otherwise); the
 * lists probed, the neighbours and their scores are those of the host search whatever the
 * device. Safe to share between threads.
 */
public final class IvfRetrieval implements Retrieval {

  private final IvfFlatSearch search;
  private final DeviceCoarseQuantizer quantizer;

  /** Ranks the centroids with the engine on the CPU. */
  public IvfRetrieval(IvfFlatSearch search) {
    this(search, Device.cpu());
  }

  public IvfRetrieval(IvfFlatSearch search, Device device) {
    this.search = search;
    this.quantizer = new DeviceCoarseQuantizer(search, device);
  }

  /** Ranks the centroids on {@code device}; the same neighbours as on the CPU. */
  public static IvfRetrieval of(FaissIndex index, Device device) {
    return new IvfRetrieval(hostSearch(index), device);
  }

  public static IvfRetrieval of(FaissIndex index) {
    return of(index, Device.cpu());
  }

  private static IvfFlatSearch hostSearch(FaissIndex index) {
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
    return new IvfFlatSearch(index.d(), index.centroids(), index.vectors(), members, nprobe);
  }

  @Override
  public int width() {
    return search.width();
  }

  @Override
  public Neighbours search(float[] queries) {
    return search.search(queries, K, quantizer.probe(queries));
  }

  @Override
  public float[] blend(float[] features, double rate) {
    return RetrievalBlend.blend(features, width(), search(features), search.size(), search::row,
        rate);
  }

  @Override
  public void close() {
    quantizer.close();
  }
}
