package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.FaissIndex;
import io.rvcbeam.checkpoint.Npy;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactKnnRetrievalTest {

  @Test
  void searchIsTheExactKnnOfTheGoldenUpToFloatTies_andBlendUsesTheReferenceWeights()
      throws Exception {
    FaissIndex index =
        FaissIndex.read(Golden.path("models/added_IVF5_Flat_nprobe_1_tiny_v2.index"));
    float[] queries =
        Npy.read(Golden.path("stages/hubert_v2_last_hidden_state.npy")).toFloatArray();
    try (ExactKnnRetrieval exact = ExactKnnRetrieval.of(index, Device.cpu())) {
      Neighbours nb = exact.search(queries);
      long[] expectedIds =
          Npy.read(Golden.path("stages/retrieval_d768_exact_ids.npy")).toLongArray();
      float[] expected =
          Npy.read(Golden.path("stages/retrieval_d768_exact_scores.npy")).toFloatArray();
      int sameIds = 0;
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], nb.scores()[i], 2e-3, "score " + i);
        sameIds += expectedIds[i] == nb.ids()[i] ? 1 : 0;
      }
      assertTrue(sameIds > 0.8 * expected.length, sameIds + " of " + expected.length);

      // the host search over one all-holding list is the same exact kNN
      int[][] all = {IntStream.range(0, (int) index.ntotal()).toArray()};
      IvfFlatSearch host = new IvfFlatSearch(768, new float[768], index.vectors(), all, 1);
      Neighbours hostNb = host.search(queries, 8);
      float[] reference = RetrievalBlend.blend(queries, 768, hostNb, index.vectors(), 0.75);
      assertArrayEquals(reference, exact.blend(queries, 0.75), 1e-4f);
    }
  }

  @Test
  void givenFewerVectorsThanK_reportsMissingNeighbours() {
    float[] vectors = {0, 0, 1, 0, 0, 3}; // 3 vectors of width 2
    try (ExactKnnRetrieval exact = new ExactKnnRetrieval(vectors, 2, Device.cpu())) {
      Neighbours nb = exact.search(new float[] {0.9f, 0.1f});
      assertArrayEquals(new long[] {1, 0, 2, -1, -1, -1, -1, -1}, nb.ids());
      assertEquals(0.02f, nb.scores()[0], 1e-6f);
      assertEquals(Neighbours.MISSING_SCORE, nb.scores()[3]);
      // weights 1/score²: vector 1 dominates
      float[] out = exact.blend(new float[] {0.9f, 0.1f}, 1.0);
      assertEquals(1f, out[0], 0.01f);
    }
  }
}
