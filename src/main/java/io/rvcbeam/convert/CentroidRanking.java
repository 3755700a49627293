package io.rvcbeam.convert;

import java.util.Arrays;

/**
 * The IVF coarse quantizer's answer, defined once: the {@code nprobe} centroids nearest to a
 * query, nearest first, ties to the lower list number, where a centroid's distance is
 * {@code (float) max(0, ‖q‖² + ‖c‖² − 2 q·c)} with the products summed in float64 in a fixed
 * order. {@link #rankAll} computes it over every centroid; {@link #rankScreened} reaches the same
 * lists from approximate float32 dot products (a matrix product on the engine) by recomputing
 * exactly only the centroids that the products' error bound cannot rule out.
 */
final class CentroidRanking {

  /**
   * Relative error of a float32 dot product of length d in any summation order, with or without
   * fused multiply-adds, is at most d·2⁻²⁴·Σ|qᵢcᵢ| (to first order); Σ|qᵢcᵢ| ≤ ‖q‖‖c‖. Doubled
   * for margin.
   */
  private static final double FLOAT32_UNIT = 0x1p-23;

  /**
   * Extra relative error per dot product when a GPU may round the inputs to TF32 (10 explicit
   * mantissa bits) despite float32 being asked for.
   */
  static final double TF32_INPUTS = 0x1p-9;

  /** Covers the rounding of the final float, the norms and the float64 sums (each ≪ 2⁻²²). */
  private static final double RESULT_ROUNDING = 0x1p-20;

  private final int d;
  private final int nlist;
  private final float[] centroids; // [nlist, d]
  private final double[] norms; // [nlist] ‖c‖² in float64
  private final double[] lengths; // [nlist] ‖c‖
  private final int blocked; // centroids summed by the four-at-a-time loop

  CentroidRanking(float[] centroids, int d) {
    this.d = d;
    this.nlist = centroids.length / d;
    this.centroids = centroids;
    this.norms = new double[nlist];
    this.lengths = new double[nlist];
    for (int c = 0; c < nlist; c++) {
      norms[c] = IvfFlatSearch.dot(centroids, c * d, centroids, c * d, d);
      lengths[c] = Math.sqrt(norms[c]);
    }
    this.blocked = nlist - nlist % 4;
  }

  int lists() {
    return nlist;
  }

  int width() {
    return d;
  }

  /** [nlist, d], not copied. */
  float[] centroids() {
    return centroids;
  }

  /**
   * The nearest {@code nprobe} centroids of query {@code q} (at offset {@code qi}), computed
   * over every centroid, written to {@code probed[base, base + nprobe)}.
   */
  void rankAll(float[] queries, int qi, int nprobe, int[] probed, int base, double[] dots,
      float[] best) {
    double queryNorm = IvfFlatSearch.dot(queries, qi, queries, qi, d);
    dotWithCentroids(queries, qi, dots);
    Arrays.fill(probed, base, base + nprobe, -1);
    for (int c = 0; c < nlist; c++) {
      insert(c, distance(queryNorm, dots[c], c), probed, base, nprobe, best);
    }
  }

  /**
   * The same lists as {@link #rankAll}, from approximate dot products.
   *
   * @param approx [nlist] float32 q·c from a matrix product, at {@code ai}
   * @param extraError extra relative error of {@code approx} beyond float32 accumulation (0 on
   *     a CPU, {@link #TF32_INPUTS} on a GPU)
   * @param bounds scratch of at least 2·nlist
   */
  void rankScreened(float[] queries, int qi, float[] approx, int ai, double extraError,
      int nprobe, int[] probed, int base, double[] bounds, float[] best) {
    double queryNorm = IvfFlatSearch.dot(queries, qi, queries, qi, d);
    double queryLength = Math.sqrt(queryNorm);
    double dotError = 2 * (d * FLOAT32_UNIT + extraError); // on 2·q·c
    // lo/hi bracket each centroid's exact distance; tau = the nprobe-th smallest hi
    double tau = Double.NaN;
    if (nprobe < nlist) {
      for (int c = 0; c < nlist; c++) {
        double v = queryNorm + norms[c] - 2.0 * approx[ai + c];
        double e = dotError * queryLength * lengths[c]
            + RESULT_ROUNDING * (queryNorm + norms[c]);
        bounds[2 * c] = v - e;
        bounds[2 * c + 1] = v + e;
      }
      tau = nthSmallestUpper(bounds, nprobe);
    }
    Arrays.fill(probed, base, base + nprobe, -1);
    for (int c = 0; c < nlist; c++) {
      // !(lo > tau): NaN anywhere keeps the centroid a candidate
      if (!(bounds[2 * c] > tau)) {
        insert(c, distance(queryNorm, exactDot(queries, qi, c), c), probed, base, nprobe, best);
      }
    }
  }

  private double nthSmallestUpper(double[] bounds, int n) {
    double[] top = new double[n]; // ascending
    Arrays.fill(top, Double.POSITIVE_INFINITY);
    for (int c = 0; c < nlist; c++) {
      double hi = bounds[2 * c + 1];
      if (hi < top[n - 1]) {
        int i = n - 1;
        while (i > 0 && hi < top[i - 1]) {
          top[i] = top[i - 1];
          i--;
        }
        top[i] = hi;
      } else if (Double.isNaN(hi)) {
        return Double.NaN;
      }
    }
    return top[n - 1];
  }

  private float distance(double queryNorm, double dot, int c) {
    return (float) Math.max(0, queryNorm + norms[c] - 2 * dot);
  }

  /** Insertion into the nprobe best; c ascends, so equal distances keep the lower list first. */
  private static void insert(int c, float dis, int[] probed, int base, int nprobe, float[] best) {
    int i = nprobe - 1;
    if (probed[base + i] >= 0 && !(dis < best[i])) {
      return;
    }
    while (i > 0 && (probed[base + i - 1] < 0 || dis < best[i - 1])) {
      best[i] = best[i - 1];
      probed[base + i] = probed[base + i - 1];
      i--;
    }
    best[i] = dis;
    probed[base + i] = c;
  }

  /** The value {@link #dotWithCentroids} gives centroid {@code c}, alone. */
  private double exactDot(float[] queries, int q, int c) {
    if (c >= blocked) {
      return IvfFlatSearch.dot(queries, q, centroids, c * d, d);
    }
    int o = c * d;
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += (double) queries[q + i] * centroids[o + i];
    }
    return s;
  }

  /** Dot products of one query with every centroid, four centroids per pass over the query. */
  private void dotWithCentroids(float[] queries, int q, double[] out) {
    int c = 0;
    for (; c < blocked; c += 4) {
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
      out[c] = IvfFlatSearch.dot(queries, q, centroids, c * d, d);
    }
  }
}
