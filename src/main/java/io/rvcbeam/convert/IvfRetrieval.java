package io.rvcbeam.convert;

import io.rvcbeam.checkpoint.FaissIndex;
import java.util.List;

/**
 * Retrieval as the reference does it: FAISS IVF-Flat search with the file's {@code nprobe}
 * ({@link IvfFlatSearch}), then the reference's blend. Host memory only; thread-safe.
 */
public final class IvfRetrieval implements Retrieval {

  private final IvfFlatSearch search;

  public IvfRetrieval(IvfFlatSearch search) {
    this.search = search;
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
    return search.search(queries, K);
  }

  @Override
  public float[] blend(float[] features, double rate) {
    return RetrievalBlend.blend(features, width(), search(features), search.vectors(), rate);
  }

  @Override
  public void close() {}
}
