package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.Npy;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IvfFlatSearchTest {

  @Test
  void givenOneListHoldingEverything_searchIsTheExactKnnOfTheGoldenUpToFloatTies()
      throws Exception {
    float[] vectors = Npy.read(Golden.path(
        "models/added_IVF5_Flat_nprobe_1_tiny_v2.reconstruct_n.npy")).toFloatArray();
    float[] queries =
        Npy.read(Golden.path("stages/hubert_v2_last_hidden_state.npy")).toFloatArray();
    int[][] all = {IntStream.range(0, vectors.length / 768).toArray()};
    IvfFlatSearch exact = new IvfFlatSearch(768, new float[768], vectors, all, 1);
    Neighbours nb = exact.search(queries, 8);
    // The golden brute force (faiss IndexFlatL2, float32 BLAS form) orders near-equidistant
    // jittered copies by rounding noise; where ids differ the distances must tie within it.
    long[] expectedIds =
        Npy.read(Golden.path("stages/retrieval_d768_exact_ids.npy")).toLongArray();
    float[] expected =
        Npy.read(Golden.path("stages/retrieval_d768_exact_scores.npy")).toFloatArray();
    int sameIds = 0;
    for (int i = 0; i < expected.length; i++) {
      // float32 BLAS form: absolute error ~1e-6 of ‖x‖² + ‖y‖² (≈ 1700 here)
      assertEquals(expected[i], nb.scores()[i], 2e-3, "score " + i);
      sameIds += expectedIds[i] == nb.ids()[i] ? 1 : 0;
    }
    assertTrue(sameIds > 0.8 * expected.length, sameIds + " of " + expected.length); // 999/1192
  }

  @Test
  void probesTheNearestListsOnly_andReportsMissingNeighbours() {
    // width 1: centroids at 0 and 10; list 0 holds ids 0, 1; list 1 holds id 2
    float[] vectors = {0.5f, -1f, 9f};
    int[][] lists = {{1, 0}, {2}};
    IvfFlatSearch search = new IvfFlatSearch(1, new float[] {0, 10}, vectors, lists, 1);
    Neighbours nb = search.search(new float[] {4.9f}, 3);
    assertArrayEquals(new long[] {0, 1, -1}, nb.ids());
    assertEquals((float) (4.4 * 4.4), nb.scores()[0], 1e-5f);
    assertEquals(Neighbours.MISSING_SCORE, nb.scores()[2]);
    IvfFlatSearch both = new IvfFlatSearch(1, new float[] {0, 10}, vectors, lists, 2);
    assertArrayEquals(new long[] {2, 0, 1}, both.search(new float[] {4.9f}, 3).ids());
  }

  @Test
  void tiesGoToTheLowerListAndTheLowerId() {
    float[] vectors = {1f, -1f, 1f, -1f};
    int[][] lists = {{3, 1}, {2, 0}};
    // query 0 is equally far from both centroids → list 0; its members tie → ids ascending
    IvfFlatSearch search = new IvfFlatSearch(1, new float[] {-2, 2}, vectors, lists, 1);
    assertArrayEquals(new long[] {1, 3}, search.search(new float[] {0}, 2).ids());
  }

  @Test
  void givenRandomData_allListsProbed_equalsBruteForce() {
    Random random = new Random(11);
    int d = 16;
    int n = 300;
    float[] vectors = new float[n * d];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = (float) random.nextGaussian();
    }
    int[][] lists = new int[4][];
    for (int l = 0; l < 4; l++) {
      final int list = l;
      lists[l] = IntStream.range(0, n).filter(i -> i % 4 == list).toArray();
    }
    float[] centroids = new float[4 * d];
    float[] queries = new float[5 * d];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = (float) random.nextGaussian();
    }
    Neighbours nb = new IvfFlatSearch(d, centroids, vectors, lists, 4).search(queries, 8);
    for (int t = 0; t < 5; t++) {
      final int q = t;
      double[] dist = IntStream.range(0, n)
          .mapToDouble(i -> IvfFlatSearch.squaredDistance(queries, q * d, vectors, i * d, d))
          .toArray();
      long[] best = IntStream.range(0, n).boxed()
          .sorted((a, b) -> Double.compare(dist[a], dist[b]))
          .limit(8).mapToLong(Integer::longValue).toArray();
      assertArrayEquals(best, java.util.Arrays.copyOfRange(nb.ids(), t * 8, t * 8 + 8));
    }
  }

  @Test
  void givenInconsistentIndex_refuses() {
    assertThrows(IllegalArgumentException.class,
        () -> new IvfFlatSearch(2, new float[4], new float[4], new int[][] {{0}}, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new IvfFlatSearch(2, new float[2], new float[4], new int[][] {{5}}, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new IvfFlatSearch(2, new float[2], new float[4], new int[][] {{0}}, 0));
  }

  @Test
  void scoresAreFaissScalarSumsBitForBit_andRowsReadBackTheStoredVectors() {
    Random random = new Random(5);
    int d = 37; // not a multiple of any vector width
    int n = 103;
    float[] vectors = new float[n * d];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = (float) (random.nextGaussian() * 3);
    }
    // id 102 is in no list; lists of 1, 2 and 99 members
    int[][] lists = {{7}, {3, 50}, IntStream.range(0, 102).filter(i -> i != 7 && i != 3 && i != 50)
        .toArray()};
    float[] centroids = new float[3 * d];
    int queries = 11; // every list: two groups of four and a rest of three
    float[] q = new float[queries * d];
    for (int i = 0; i < q.length; i++) {
      q[i] = (float) (random.nextGaussian() * 3);
    }
    IvfFlatSearch search = new IvfFlatSearch(d, centroids, vectors, lists, 3);
    int k = 102;
    Neighbours nb = search.search(q, k);
    for (int t = 0; t < queries; t++) {
      for (int j = 0; j < k; j++) {
        long id = nb.ids()[t * k + j];
        assertTrue(id >= 0 && id < 102, "neighbour " + id);
        float expected = IvfFlatSearch.squaredDistance(q, t * d, vectors, (int) id * d, d);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(nb.scores()[t * k + j]),
            "query " + t + ", id " + id);
      }
    }
    float[] row = new float[d];
    for (int id = 0; id < n; id++) {
      search.row(id, row);
      assertArrayEquals(java.util.Arrays.copyOfRange(vectors, id * d, (id + 1) * d), row,
          "row " + id);
    }
  }
}
