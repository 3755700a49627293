package io.rvcbeam.convert;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * IVF-Flat search written the obvious way, for tests: every centroid's distance in float64
 * rounded to float, lists sorted by (distance, list), then every member of the probed lists
 * scored with an in-order float32 sum and sorted by (score, id).
 */
final class BruteForceIvf {

  private BruteForceIvf() {}

  static Neighbours search(int d, float[] centroids, float[] vectors, int[][] lists, int nprobe,
      float[] queries, int k) {
    int nlist = lists.length;
    int frames = queries.length / d;
    long[] ids = new long[frames * k];
    float[] scores = new float[frames * k];
    Arrays.fill(ids, -1);
    Arrays.fill(scores, Neighbours.MISSING_SCORE);
    for (int t = 0; t < frames; t++) {
      int q = t * d;
      float[] coarse = new float[nlist];
      for (int c = 0; c < nlist; c++) {
        double sum = 0;
        for (int i = 0; i < d; i++) {
          double e = (double) queries[q + i] - centroids[c * d + i];
          sum += e * e;
        }
        coarse[c] = (float) sum;
      }
      int[] probed = IntStream.range(0, nlist).boxed()
          .sorted(Comparator.<Integer>comparingDouble(c -> coarse[c]).thenComparing(c -> c))
          .limit(nprobe).mapToInt(Integer::intValue).toArray();
      int[] members = Arrays.stream(probed).flatMap(l -> Arrays.stream(lists[l])).toArray();
      float[] dist = new float[vectors.length / d];
      for (int id : members) {
        float s = 0f;
        for (int i = 0; i < d; i++) {
          float e = queries[q + i] - vectors[id * d + i];
          s += e * e;
        }
        dist[id] = s;
      }
      int[] best = Arrays.stream(members).boxed()
          .sorted(Comparator.<Integer>comparingDouble(id -> dist[id]).thenComparing(id -> id))
          .limit(k).mapToInt(Integer::intValue).toArray();
      for (int j = 0; j < best.length; j++) {
        ids[t * k + j] = best[j];
        scores[t * k + j] = dist[best[j]];
      }
    }
    return new Neighbours(k, ids, scores);
  }
}
