package io.rvcbeam.convert;

import java.util.Arrays;

/**
 * FAISS {@code IndexIVFFlat.search} with METRIC_L2 on the host (rvc-spec.md §6.2): the {@code
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
  private final float[] centroids;
  private final double[] centroidNorms;
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
    this.centroids = centroids;
    this.vectors = vectors;
    this.lists = lists;
    this.nprobe = Math.min(nprobe, nlist);
    this.centroidNorms = new double[nlist];
    for (int c = 0; c < nlist; c++) {
      centroidNorms[c] = dot(centroids, c * d, centroids, c * d, d);
    }
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
    for (int t = 0; t < frames; t++) {
      int q = t * d;
      int base = t * k;
      for (int p = 0; p < nprobe; p++) {
        for (int id : lists[probed[t * nprobe + p]]) {
          float dis = squaredDistance(queries, q, vectors, id * d, d);
          insert(ids, scores, base, k, id, dis);
        }
      }
    }
    return new Neighbours(k, ids, scores);
  }

  /**
   * The host coarse quantizer: the {@code nprobe} nearest centroids of each query, nearest first
   * (ties → lower list number), as [T, nprobe] list numbers.
   */
  public int[] probe(float[] queries) {
    int frames = queries.length / d;
    int nlist = lists.length;
    int[] probed = new int[frames * nprobe];
    float[] best = new float[nprobe];
    double[] dots = new double[nlist];
    for (int t = 0; t < frames; t++) {
      int q = t * d;
      double queryNorm = dot(queries, q, queries, q, d);
      dotWithCentroids(queries, q, dots);
      int base = t * nprobe;
      Arrays.fill(probed, base, base + nprobe, -1);
      for (int c = 0; c < nlist; c++) {
        float dis = (float) Math.max(0, queryNorm + centroidNorms[c] - 2 * dots[c]);
        // insertion into the nprobe best; c ascends, so equal distances keep the lower list first
        int i = nprobe - 1;
        if (probed[base + i] >= 0 && !(dis < best[i])) {
          continue;
        }
        while (i > 0 && (probed[base + i - 1] < 0 || dis < best[i - 1])) {
          best[i] = best[i - 1];
          probed[base + i] = probed[base + i - 1];
          i--;
        }
        best[i] = dis;
        probed[base + i] = c;
      }
    }
    return probed;
  }

  /** The lists each query probes ({@code nprobe}, clamped to nlist). */
  public int nprobe() {
    return nprobe;
  }

  /** Dot products of one query with every centroid, four centroids per pass over the query. */
  private void dotWithCentroids(float[] queries, int q, double[] out) {
    int nlist = lists.length;
    int c = 0;
    for (; c + 3 < nlist; c += 4) {
      int c0 = c * d;
      int c1 = c0 + d;
      int c2 = c1 + d;
      int c3 = c2 + d;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int i = 0; i < d; i++) {
        double x = queries[q + i];
        s0 += x * centroids[c0 + i];
        s1 += x * centroids[c1 + i];
        s2 += x * centroids[c2 + i];
        s3 += x * centroids[c3 + i];
      }
      out[c] = s0;
      out[c + 1] = s1;
      out[c + 2] = s2;
      out[c + 3] = s3;
    }
    for (; c < nlist; c++) {
      out[c] = dot(queries, q, centroids, c * d, d);
    }
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
