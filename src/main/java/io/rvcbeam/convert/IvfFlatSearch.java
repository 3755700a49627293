package io.rvcbeam.convert;

import java.util.Arrays;

/**
 * FAISS {@code IndexIVFFlat.search} with METRIC_L2 on the host (docs/algorithm.md §6.2): the {@code
 * nprobe} centroids nearest to each query (ties → lower list number), then the exact squared L2
 * distance to every vector of those lists, the k smallest ascending (ties → lower id, FAISS's
 * heap order); missing slots get id −1 and {@link Neighbours#MISSING_SCORE}.
 *
 * <p>List members are scored exactly as FAISS's scalar code does (float32, summed in order), which
 * matches the reference's scores bit for bit. Each list keeps its members dimension-major, so one
 * query is scored against all members of a list at once: the JIT vectorises that loop across
 * members while every member's own sum keeps FAISS's order (FAISS itself vectorises across the
 * dimensions of one vector, which changes the rounding). Queries are scanned grouped by list, so
 * a list stays in cache for all queries that probe it. The coarse quantizer's distances (FAISS: float32
 * ‖x‖² + ‖c‖² − 2x·c via BLAS, clamped at 0) are computed in float64 and rounded once, the exact
 * value FAISS approximates: only a query almost equidistant from two centroids can pick another
 * list than FAISS.
 */
public final class IvfFlatSearch {

  /** Queries scored together against one list (the unrolled kernel's width). */
  private static final int GROUP = 4;

  private final int d;
  private final int total;
  private final CentroidRanking ranking;
  private final int[][] lists;
  /** Per list, its members' vectors dimension-major: value i of member m at {@code i·n + m}. */
  private final float[][] columns;
  private final int[] listOfId; // −1 for an id in no list
  private final int[] slotOfId;
  /** The id-ordered vectors, kept only when some id is in no list (never in a FAISS file). */
  private final float[] unlisted;
  private final int nprobe;
  private final int longestList;

  /**
   * @param d vector width
   * @param centroids [nlist, d]
   * @param vectors [ntotal, d] in id order (copied into the lists' layout, not kept)
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
    total = vectors.length / d;
    listOfId = new int[total];
    slotOfId = new int[total];
    Arrays.fill(listOfId, -1);
    columns = new float[nlist][];
    int longest = 0;
    for (int l = 0; l < nlist; l++) {
      int[] list = lists[l];
      int n = list.length;
      longest = Math.max(longest, n);
      float[] cols = new float[Math.multiplyExact(n, d)];
      for (int m = 0; m < n; m++) {
        int id = list[m];
        if (id < 0 || id >= total) {
          throw new IllegalArgumentException("list member id " + id + " outside 0.." + (total - 1));
        }
        listOfId[id] = l;
        slotOfId[id] = m;
        for (int i = 0; i < d; i++) {
          cols[i * n + m] = vectors[id * d + i];
        }
      }
      columns[l] = cols;
    }
    boolean allListed = true;
    for (int l : listOfId) {
      allListed &= l >= 0;
    }
    this.unlisted = allListed ? null : vectors;
    this.d = d;
    this.lists = lists;
    this.longestList = longest;
    this.nprobe = Math.min(nprobe, nlist);
    this.ranking = new CentroidRanking(centroids, d);
  }

  public int width() {
    return d;
  }

  /** How many vectors are stored (ids 0 .. size − 1). */
  public int size() {
    return total;
  }

  /** Copies stored vector {@code id} into {@code row} [d]. */
  public void row(int id, float[] row) {
    int l = listOfId[id];
    if (l < 0) {
      System.arraycopy(unlisted, id * d, row, 0, d);
      return;
    }
    float[] cols = columns[l];
    int n = lists[l].length;
    int m = slotOfId[id];
    for (int i = 0; i < d; i++) {
      row[i] = cols[i * n + m];
    }
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
    float[][] distances = new float[GROUP][longestList];
    float[] values = new float[longestList];
    int[] group = new int[GROUP];
    // (query, probe) pairs in list order, scored GROUP queries at a time so that each pass over a
    // list's vectors (up to MBs) serves several queries. A query's k best are kept ordered by
    // (score, id), a total order, so the order in which its lists are scanned changes nothing.
    int[] order = byList(probed);
    for (int at = 0; at < order.length; ) {
      int l = probed[order[at]];
      int size = 0;
      while (at < order.length && size < GROUP && probed[order[at]] == l) {
        group[size++] = order[at++] / nprobe;
      }
      int[] list = lists[l];
      squaredDistances(queries, group, size, columns[l], list.length, distances, values);
      for (int g = 0; g < size; g++) {
        for (int m = 0; m < list.length; m++) {
          insert(ids, scores, group[g] * k, k, list[m], distances[g][m]);
        }
      }
    }
    return new Neighbours(k, ids, scores);
  }

  /** Indices into {@code probed}, sorted by the list they name (stable). */
  private int[] byList(int[] probed) {
    int[] start = new int[lists.length + 1];
    for (int l : probed) {
      start[l + 1]++;
    }
    for (int l = 0; l < lists.length; l++) {
      start[l + 1] += start[l];
    }
    int[] order = new int[probed.length];
    for (int i = 0; i < probed.length; i++) {
      order[start[probed[i]]++] = i;
    }
    return order;
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
   * {@link #squaredDistance} of {@code size} (≤ {@link #GROUP}) queries to each of a list's
   * {@code n} members, from the list's dimension-major columns: {@code out[g][m]} is member m's
   * float32 sum in dimension order (FAISS's scalar {@code fvec_L2sqr}, bit for bit). The inner
   * loop runs across members, independent lanes the JIT vectorises, and each column value is
   * loaded once for the whole group. Each dimension's values are first copied to {@code values}
   * so that every array in the inner loop is read at the same index: reading the columns at an
   * offset kept C2 from vectorising it (2.6 G member-dimensions per second instead of 8-13).
   */
  private void squaredDistances(float[] queries, int[] group, int size, float[] cols, int n,
      float[][] out, float[] values) {
    for (int g = 0; g < size; g++) {
      Arrays.fill(out[g], 0, n, 0f);
    }
    if (size < GROUP) {
      for (int g = 0; g < size; g++) {
        float[] o = out[g];
        int q = group[g] * d;
        for (int i = 0; i < d; i++) {
          float x = queries[q + i];
          System.arraycopy(cols, i * n, values, 0, n);
          for (int m = 0; m < n; m++) {
            float e = x - values[m];
            o[m] += e * e;
          }
        }
      }
      return;
    }
    float[] o0 = out[0];
    float[] o1 = out[1];
    float[] o2 = out[2];
    float[] o3 = out[3];
    int q0 = group[0] * d;
    int q1 = group[1] * d;
    int q2 = group[2] * d;
    int q3 = group[3] * d;
    for (int i = 0; i < d; i++) {
      float x0 = queries[q0 + i];
      float x1 = queries[q1 + i];
      float x2 = queries[q2 + i];
      float x3 = queries[q3 + i];
      System.arraycopy(cols, i * n, values, 0, n);
      for (int m = 0; m < n; m++) {
        float v = values[m];
        float e0 = x0 - v;
        float e1 = x1 - v;
        float e2 = x2 - v;
        float e3 = x3 - v;
        o0[m] += e0 * e0;
        o1[m] += e1 * e1;
        o2[m] += e2 * e2;
        o3[m] += e3 * e3;
      }
    }
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
