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
    int[][] lists = new int[50][];
    for (int l = 0; l < 50; l++) {
      lists[l] = new int[] {l};
    }
    IvfFlatSearch host = new IvfFlatSearch(d, centroids, centroids, lists, 3);
    try (DeviceCoarseQuantizer device = new DeviceCoarseQuantizer(centroids, d, Device.cpu())) {
      assertArrayEquals(host.probe(queries), device.probe(queries, 3));
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
