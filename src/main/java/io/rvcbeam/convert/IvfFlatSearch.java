package io.rvcbeam.convert;

import java.util.Arrays;

/**
 * FAISS {@code IndexIVFFlat.search} with METRIC_L2 on the host (docs/algorithm.md §6.2): the {@code
 * nprobe} centroids nearest to each query (ties → lower list number), then the exact squared L2
 * distance to every vector of those lists, the k smallest ascending (ties → lower id, FAISS's
 * heap order); missing slots get id −1 and {@link Neighbours#MISSING_SCORE}.
 *
 * <p>List members are scored exactly as FAISS's scalar code does (float32, summed in order), which
 * matches the reference's scores bit for bit. The coarse quantizer's distances (FAISS: float32
 * ‖x‖² + ‖c‖² − 2x·c via BLAS, clamped at 0) are computed in float64 and rounded once, the exact
 * value FAISS approximates: only a query almost equidistant from two centroids can pick another
 * list than FAISS.
 */
public final class IvfFlatSearch {

  private final int d;
  private final CentroidRanking ranking;
  private final float[] vectors;
  private final int[][] lists;
  private final int nprobe;

  /**
   * @param d vector width
   * @param centroids [nlist, d]
   * @param vectors [ntotal, d] in id order
   * @param lists per list, the ids of its members (file order)
   * @param nprobe lists probed per query (clamped to nlist)
   */
  public IvfFlatSearch(int d, float[] centroids, float[] vectors, int[][] lists, int nprobe) {
    if (d <= 0 || centroids.length % d != 0 || vectors.length % d != 0) {
      throw new IllegalArgumentException("centroids or vectors are not rows of width " + d);
    }
    int nlist = centroids.length / d;
    if (lists.length != nlist) {
      throw new IllegalArgumentException(lists.length + " inverted lists for " + nlist + " centroids");
    }
    if (nprobe <= 0) {
      throw new IllegalArgumentException("nprobe must be positive: " + nprobe);
    }
    int total = vectors.length / d;
    for (int[] list : lists) {
      for (int id : list) {
        if (id < 0 || id >= total) {
          throw new IllegalArgumentException("list member id " + id + " outside 0.." + (total - 1));
        }
      }
    }
    this.d = d;
    this.vectors = vectors;
    this.lists = lists;
    this.nprobe = Math.min(nprobe, nlist);
    this.ranking = new CentroidRanking(centroids, d);
  }

  public int width() {
    return d;
  }

  /** Stored vectors [ntotal, d] in id order (not copied). */
  public float[] vectors() {
    return vectors;
  }

  /** @param queries [T, d] */
  public Neighbours search(float[] queries, int k) {
    return search(queries, k, probe(queries));
  }

  /**
   * Searches with the lists already chosen by a coarse quantizer.
   *
   * @param probed [T, nprobe] list numbers per query, nearest first
   */
  public Neighbours search(float[] queries, int k, int[] probed) {
    if (queries.length % d != 0) {
      throw new IllegalArgumentException(queries.length + " values are not queries of width " + d);
    }
    int frames = queries.length / d;
    if (probed.length != frames * nprobe) {
      throw new IllegalArgumentException(
          probed.length + " probed lists for " + frames + " queries × nprobe " + nprobe);
    }
    long[] ids = new long[frames * k];
    float[] scores = new float[frames * k];
    Arrays.fill(ids, -1L);
    Arrays.fill(scores, Neighbours.MISSING_SCORE);
    float[] four = new float[4];
    for (int t = 0; t < frames; t++) {
      int q = t * d;
      int base = t * k;
      for (int p = 0; p < nprobe; p++) {
        int[] list = lists[probed[t * nprobe + p]];
        int j = 0;
        for (; j + 3 < list.length; j += 4) {
          squaredDistances4(queries, q, list, j, four);
          for (int m = 0; m < 4; m++) {
            insert(ids, scores, base, k, list[j + m], four[m]);
          }
        }
        for (; j < list.length; j++) {
          int id = list[j];
          insert(ids, scores, base, k, id, squaredDistance(queries, q, vectors, id * d, d));
        }
      }
    }
    return new Neighbours(k, ids, scores);
  }

  /**
   * The host coarse quantizer: the {@code nprobe} nearest centroids of each query, nearest first
   * (ties → lower list number), as [T, nprobe] list numbers. Scores every centroid in float64:
   * T·nlist·d scalar multiply-adds, the slow way, kept as the definition that {@link
   * DeviceCoarseQuantizer} reproduces from a matrix product.
   */
  public int[] probe(float[] queries) {
    int frames = queries.length / d;
    int[] probed = new int[frames * nprobe];
    float[] best = new float[nprobe];
    double[] dots = new double[ranking.lists()];
    for (int t = 0; t < frames; t++) {
      ranking.rankAll(queries, t * d, nprobe, probed, t * nprobe, dots, best);
    }
    return probed;
  }

  /** The lists each query probes ({@code nprobe}, clamped to nlist). */
  public int nprobe() {
    return nprobe;
  }

  /** The exact centroid ranking both quantizers answer with. */
  CentroidRanking ranking() {
    return ranking;
  }

  /** Keeps row [base, base + k) sorted by (score, id), missing slots last. */
  private static void insert(long[] ids, float[] scores, int base, int k, long id, float dis) {
    int last = base + k - 1;
    if (!before(dis, id, scores[last], ids[last])) {
      return;
    }
    int i = last;
    while (i > base && before(dis, id, scores[i - 1], ids[i - 1])) {
      scores[i] = scores[i - 1];
      ids[i] = ids[i - 1];
      i--;
    }
    scores[i] = dis;
    ids[i] = id;
  }

  private static boolean before(float dis, long id, float otherDis, long otherId) {
    if (otherId < 0) {
      return true;
    }
    return dis < otherDis || (dis == otherDis && id < otherId);
  }

  static double dot(float[] a, int ai, float[] b, int bi, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += (double) a[ai + i] * b[bi + i];
      s1 += (double) a[ai + i + 1] * b[bi + i + 1];
      s2 += (double) a[ai + i + 2] * b[bi + i + 2];
      s3 += (double) a[ai + i + 3] * b[bi + i + 3];
    }
    for (; i < n; i++) {
      s0 += (double) a[ai + i] * b[bi + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * {@link #squaredDistance} of one query to four list members at once. Each sum is still the
   * scalar in-order float32 sum (bit-identical scores); four independent sums keep the FPU busy
   * where one waits on each addition's latency, about three times faster on one core.
   */
  private void squaredDistances4(float[] queries, int q, int[] list, int j, float[] out) {
    int a = list[j] * d;
    int b = list[j + 1] * d;
    int c = list[j + 2] * d;
    int e = list[j + 3] * d;
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    for (int i = 0; i < d; i++) {
      float x = queries[q + i];
      float e0 = x - vectors[a + i];
      float e1 = x - vectors[b + i];
      float e2 = x - vectors[c + i];
      float e3 = x - vectors[e + i];
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
    }
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
    out[3] = s3;
  }

  /**
   * FAISS's scalar {@code fvec_L2sqr}: float32 differences and squares summed in order. This
   * reproduces the reference's scores bit for bit on the golden index (a SIMD lane order does
   * not), so neighbour ties resolve as in the reference.
   */
  static float squaredDistance(float[] a, int ai, float[] b, int bi, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      float e = a[ai + i] - b[bi + i];
      s += e * e;
    }
    return s;
  }
}
