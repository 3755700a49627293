package io.rvcbeam.checkpoint;

import java.nio.file.Path;

/**
 * The facts of a FAISS retrieval index.
 *
 * @param type the FAISS factory string, e.g. {@code IVF5,Flat}
 * @param metric {@code L2} or {@code inner product}
 */
public record IndexInfo(
    Path file,
    String type,
    int d,
    long ntotal,
    int nlist,
    long nprobe,
    String metric,
    boolean trained,
    long[] listSizes) {

  public static IndexInfo of(FaissIndex index) {
    String metric =
        switch (index.metric()) {
          case FaissIndex.METRIC_L2 -> "L2";
          case FaissIndex.METRIC_INNER_PRODUCT -> "inner product";
          default -> "metric " + index.metric();
        };
    return new IndexInfo(
        index.file(),
        index.factoryString(),
        index.d(),
        index.ntotal(),
        index.nlist(),
        index.nprobe(),
        metric,
        index.isTrained(),
        index.listSizes());
  }
}
