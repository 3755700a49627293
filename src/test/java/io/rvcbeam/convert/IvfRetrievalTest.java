package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.FaissIndex;
import io.rvcbeam.checkpoint.Npy;
import org.junit.jupiter.api.Test;

class IvfRetrievalTest {

  private static final String V2_INDEX = "models/added_IVF5_Flat_nprobe_1_tiny_v2.index";
  private static final String V1_INDEX = "models/added_IVF5_Flat_nprobe_1_tiny_v1.index";

  @Test
  void v2Index_searchAndBlendMatchTheReference() throws Exception {
    check(V2_INDEX, 768, "stages/hubert_v2_last_hidden_state.npy", "d768");
  }

  @Test
  void v1Index_withShortLists_searchAndBlendMatchTheReference() throws Exception {
    check(V1_INDEX, 256, "stages/hubert_v1_final_proj.npy", "d256");
  }

  private static void check(String index, int width, String queries, String name)
      throws Exception {
    try (IvfRetrieval retrieval = Retrieval.open(Golden.path(index), width, "tiny.pth")) {
      assertEquals(width, retrieval.width());
      float[] features = Npy.read(Golden.path(queries)).toFloatArray();
      Neighbours nb = retrieval.search(features);
      assertArrayEquals(
          Npy.read(Golden.path("stages/retrieval_" + name + "_ids.npy")).toLongArray(), nb.ids());
      float[] scores = Npy.read(Golden.path("stages/retrieval_" + name + "_scores.npy"))
          .toFloatArray();
      assertArrayEquals(scores, nb.scores(), "scores are bit-exact (scalar float32 sums)");
      float[] expected =
          Npy.read(Golden.path("stages/retrieval_" + name + "_result_rate075.npy")).toFloatArray();
      assertArrayEquals(expected, retrieval.blend(features, 0.75), 1e-5f);
    }
  }

  @Test
  void withTheCoarseQuantizerOnADevice_v2AndV1MatchTheReferenceToo() throws Exception {
    for (String[] c : new String[][] {
        {V2_INDEX, "768", "stages/hubert_v2_last_hidden_state.npy", "d768"},
        {V1_INDEX, "256", "stages/hubert_v1_final_proj.npy", "d256"}}) {
      FaissIndex faiss = FaissIndex.read(Golden.path(c[0]));
      try (IvfRetrieval retrieval = IvfRetrieval.of(faiss, Device.cpu())) {
        float[] features = Npy.read(Golden.path(c[2])).toFloatArray();
        Neighbours nb = retrieval.search(features);
        assertArrayEquals(
            Npy.read(Golden.path("stages/retrieval_" + c[3] + "_ids.npy")).toLongArray(),
            nb.ids(), c[3]);
        assertArrayEquals(
            Npy.read(Golden.path("stages/retrieval_" + c[3] + "_result_rate075.npy"))
                .toFloatArray(),
            retrieval.blend(features, 0.75), 1e-5f, c[3]);
      }
    }
  }

  @Test
  void deviceAndHostQuantizersProbeTheSameListsOnRandomData() {
    java.util.Random random = new java.util.Random(5);
    int d = 32;
    float[] centroids = new float[50 * d];
    float[] queries = new float[40 * d];
    for (int i = 0; i < centroids.length; i++) {
      centroids[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < queries.length; i++) {
      queries[i] = (float) random.nextGaussian();
    }
    // exact ties: centroid 7 repeated as 30, query 3 is centroid 12 (distance 0)
    System.arraycopy(centroids, 7 * d, centroids, 30 * d, d);
    System.arraycopy(centroids, 12 * d, queries, 3 * d, d);
    int[][] lists = new int[50][];
    for (int l = 0; l < 50; l++) {
      lists[l] = new int[] {l};
    }
    for (int nprobe : new int[] {1, 3, 50}) {
      IvfFlatSearch host = new IvfFlatSearch(d, centroids, centroids, lists, nprobe);
      try (DeviceCoarseQuantizer device = new DeviceCoarseQuantizer(host, Device.cpu())) {
        assertArrayEquals(host.probe(queries), device.probe(queries), "nprobe " + nprobe);
      }
    }
  }

  @Test
  void nearlyEquidistantCentroids_theScreenedRankingStillEqualsTheExactOne() {
    // centroids one float ulp apart in one coordinate: the float32 GEMM cannot tell them apart,
    // the exact float64 ranking can; queries along that coordinate sit between them
    int d = 768;
    int nlist = 64;
    java.util.Random random = new java.util.Random(8);
    float[] centroids = new float[nlist * d];
    float[] base = new float[d];
    for (int i = 0; i < d; i++) {
      base[i] = (float) random.nextGaussian();
    }
    for (int c = 0; c < nlist; c++) {
      System.arraycopy(base, 0, centroids, c * d, d);
      centroids[c * d + 5] = base[5] + c * Math.ulp(base[5]);
      centroids[c * d + 9] = c % 3 == 0 ? base[9] : Math.nextUp(base[9]);
    }
    float[] queries = new float[100 * d];
    for (int t = 0; t < 100; t++) {
      System.arraycopy(base, 0, queries, t * d, d);
      queries[t * d + 5] = base[5] + (t % nlist) * Math.ulp(base[5]) * 1.5f;
      queries[t * d + 100] += (float) (1e-3 * random.nextGaussian());
    }
    int[][] lists = new int[nlist][];
    for (int l = 0; l < nlist; l++) {
      lists[l] = new int[] {l};
    }
    for (int nprobe : new int[] {1, 4}) {
      IvfFlatSearch host = new IvfFlatSearch(d, centroids, centroids, lists, nprobe);
      try (DeviceCoarseQuantizer device = new DeviceCoarseQuantizer(host, Device.cpu())) {
        assertArrayEquals(host.probe(queries), device.probe(queries), "nprobe " + nprobe);
      }
    }
  }

  @Test
  void randomIndexWithTies_retrievalEqualsABruteForceSearch() {
    java.util.Random random = new java.util.Random(21);
    int d = 48;
    int nlist = 24;
    int n = 1200;
    float[] centroids = new float[nlist * d];
    for (int i = 0; i < centroids.length; i++) {
      centroids[i] = (float) Math.round(4 * random.nextGaussian()); // small integers: many ties
    }
    System.arraycopy(centroids, 2 * d, centroids, 17 * d, d); // two lists with the same centroid
    float[] vectors = new float[n * d];
    int[][] lists = new int[nlist][];
    java.util.List<java.util.List<Integer>> members = new java.util.ArrayList<>();
    for (int l = 0; l < nlist; l++) {
      members.add(new java.util.ArrayList<>());
    }
    for (int id = 0; id < n; id++) {
      int list = random.nextInt(nlist);
      members.get(list).add(id);
      for (int c = 0; c < d; c++) {
        vectors[id * d + c] = centroids[list * d + c] + random.nextInt(3) - 1;
      }
    }
    // exact duplicates under other ids, in the same and in another list
    for (int id = 1000; id < 1100; id++) {
      System.arraycopy(vectors, (id - 1000) * d, vectors, id * d, d);
    }
    for (int l = 0; l < nlist; l++) {
      java.util.Collections.shuffle(members.get(l), random); // file order is not id order
      lists[l] = members.get(l).stream().mapToInt(Integer::intValue).toArray();
    }
    int frames = 300;
    float[] queries = new float[frames * d];
    for (int t = 0; t < frames; t++) {
      int from = random.nextInt(n);
      for (int c = 0; c < d; c++) {
        // half the queries are stored vectors exactly (distance-0 ties with their duplicates)
        queries[t * d + c] = vectors[from * d + c] + (t % 2 == 0 ? 0 : random.nextInt(3) - 1);
      }
    }
    for (int nprobe : new int[] {1, 3, nlist}) {
      IvfFlatSearch search = new IvfFlatSearch(d, centroids, vectors, lists, nprobe);
      try (IvfRetrieval retrieval = new IvfRetrieval(search, Device.cpu())) {
        Neighbours got = retrieval.search(queries);
        Neighbours want = BruteForceIvf.search(d, centroids, vectors, lists, nprobe, queries, 8);
        assertArrayEquals(want.ids(), got.ids(), "nprobe " + nprobe);
        assertArrayEquals(want.scores(), got.scores(), "nprobe " + nprobe);
      }
    }
  }

  @Test
  void v1Index_reportsMissingNeighboursOfShortLists() throws Exception {
    try (IvfRetrieval retrieval = Retrieval.open(Golden.path(V1_INDEX), 256, "tiny.pth")) {
      Neighbours nb = retrieval.search(
          Npy.read(Golden.path("stages/hubert_v1_final_proj.npy")).toFloatArray());
      boolean anyMissing = false;
      for (int i = 0; i < nb.ids().length; i++) {
        if (nb.ids()[i] == -1) {
          anyMissing = true;
          assertEquals(Neighbours.MISSING_SCORE, nb.scores()[i]);
        }
      }
      assertTrue(anyMissing, "the v1 golden index has lists of 1 and 4 vectors");
    }
  }

  @Test
  void givenAnIndexOfAnotherWidth_refusesNamingBothFilesAndWidths() {
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Retrieval.open(
            Golden.path("bad/added_IVF2_Flat_nprobe_1_tiny_v2_d256.index"), 768,
            "tiny_v2_40k_f0.pth"));
    String message = e.getMessage();
    assertTrue(message.contains("added_IVF2_Flat_nprobe_1_tiny_v2_d256.index"), message);
    assertTrue(message.contains("tiny_v2_40k_f0.pth"), message);
    assertTrue(message.contains("256"), message);
    assertTrue(message.contains("768"), message);
  }
}
