package io.rvcbeam.convert.bench;

import ai.djl.Device;
import io.rvcbeam.convert.ExactKnnRetrieval;
import io.rvcbeam.convert.IvfFlatSearch;
import io.rvcbeam.convert.IvfRetrieval;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.convert.VoiceLoader;
import java.util.SplittableRandom;

/**
 * A random IVF-Flat index shaped as RVC trains one: {@code nlist = min(16·√n, n / 39)} lists,
 * {@code nprobe = 1}, vectors clustered around their list's centroid so lists are evenly filled.
 */
public final class RandomIndex {

  private final int width;
  private final float[] centroids; // [nlist, width]
  private final float[] vectors; // [n, width]
  private final int[][] lists;

  private RandomIndex(int width, float[] centroids, float[] vectors, int[][] lists) {
    this.width = width;
    this.centroids = centroids;
    this.vectors = vectors;
    this.lists = lists;
  }

  /** RVC's list count for {@code n} training vectors (at least 1). */
  public static int listCount(int n) {
    return Math.max(1, Math.min((int) (16 * Math.sqrt(n)), n / 39));
  }

  public static RandomIndex build(int vectorCount, int width, long seed) {
    if (vectorCount < 1 || width < 1) {
      throw new IllegalArgumentException(
          "index needs at least one vector and width, got " + vectorCount + " × " + width);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int nlist = listCount(vectorCount);
    float[] centroids = new float[nlist * width];
    for (int i = 0; i < centroids.length; i++) {
      centroids[i] = (float) (2 * random.nextDouble() - 1);
    }
    float[] vectors = new float[vectorCount * width];
    int[][] lists = new int[nlist][];
    for (int l = 0; l < nlist; l++) {
      lists[l] = new int[(vectorCount - l + nlist - 1) / nlist];
    }
    for (int id = 0; id < vectorCount; id++) {
      int list = id % nlist;
      lists[list][id / nlist] = id;
      for (int c = 0; c < width; c++) {
        vectors[id * width + c] =
            centroids[list * width + c] + (float) (0.3 * (2 * random.nextDouble() - 1));
      }
    }
    return new RandomIndex(width, centroids, vectors, lists);
  }

  public int lists() {
    return lists.length;
  }

  public int vectors() {
    return vectors.length / width;
  }

  /** Stored vector {@code id} (a copy). */
  float[] vector(int id) {
    return java.util.Arrays.copyOfRange(vectors, id * width, (id + 1) * width);
  }

  /**
   * {@code count} content-like queries [count, width]: each a random list's centroid plus the
   * same spread as the stored vectors, so a query lands among a list's members as real features
   * land among their training neighbours.
   */
  public float[] queries(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int nlist = lists.length;
    float[] out = new float[count * width];
    for (int t = 0; t < count; t++) {
      int list = random.nextInt(nlist);
      for (int c = 0; c < width; c++) {
        out[t * width + c] =
            centroids[list * width + c] + (float) (0.3 * (2 * random.nextDouble() - 1));
      }
    }
    return out;
  }

  /** The search {@code loader} asks for ({@link VoiceLoader#exactRetrieval}). */
  public Retrieval retrieval(VoiceLoader loader) {
    return loader.exactRetrieval() ? exact(loader.device()) : ivf();
  }

  /** FAISS-style search on the host (the default retrieval). */
  public Retrieval ivf() {
    return new IvfRetrieval(new IvfFlatSearch(width, centroids, vectors, lists, 1));
  }

  /** Exact search on {@code device} ({@code RVC_GPU_RETRIEVAL}). */
  public Retrieval exact(Device device) {
    return new ExactKnnRetrieval(vectors, width, device);
  }
}
