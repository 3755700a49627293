package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.Npy;
import org.junit.jupiter.api.Test;

class RetrievalBlendTest {

  @Test
  void givenTheReferenceNeighbours_blendMatchesTheGoldenResult() throws Exception {
    for (int d : new int[] {768, 256}) {
      String feats = d == 768 ? "stages/hubert_v2_last_hidden_state.npy"
          : "stages/hubert_v1_final_proj.npy";
      String version = d == 768 ? "v2" : "v1";
      float[] features = Npy.read(Golden.path(feats)).toFloatArray();
      float[] vectors = Npy.read(Golden.path(
          "models/added_IVF5_Flat_nprobe_1_tiny_" + version + ".reconstruct_n.npy")).toFloatArray();
      Neighbours nb = new Neighbours(8,
          Npy.read(Golden.path("stages/retrieval_d" + d + "_ids.npy")).toLongArray(),
          Npy.read(Golden.path("stages/retrieval_d" + d + "_scores.npy")).toFloatArray());
      float[] expected =
          Npy.read(Golden.path("stages/retrieval_d" + d + "_result_rate075.npy")).toFloatArray();
      float[] out = RetrievalBlend.blend(features, d, nb, vectors, 0.75);
      assertArrayEquals(expected, out, 1e-5f, "d " + d);
    }
  }

  @Test
  void missingNeighboursWeighNothing() {
    float[] vectors = {1, 1, 3, 3, 100, 100}; // 3 vectors of width 2
    Neighbours nb = new Neighbours(3, new long[] {0, 1, -1},
        new float[] {1f, 1f, Neighbours.MISSING_SCORE});
    float[] out = RetrievalBlend.blend(new float[] {0, 0}, 2, nb, vectors, 1.0);
    assertArrayEquals(new float[] {2, 2}, out);
  }

  @Test
  void weightsAreInverseSquaredScores() {
    float[] vectors = {0, 10}; // width 1
    Neighbours nb = new Neighbours(2, new long[] {0, 1}, new float[] {1f, 2f});
    // w = (1, 1/4) → normalised (0.8, 0.2) → r = 2; out = 0.5·2 + 0.5·4
    float[] out = RetrievalBlend.blend(new float[] {4}, 1, nb, vectors, 0.5);
    assertEquals(3f, out[0], 1e-6f);
  }

  @Test
  void pairwiseSum_followsNumpysTreeForEightValues() {
    float[] a = {1e8f, 1f, -1e8f, 1f, 3f, 4f, 5f, 6f};
    float expected = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
    assertEquals(expected, RetrievalBlend.pairwiseSum(a));
    assertEquals(6f, RetrievalBlend.pairwiseSum(new float[] {1, 2, 3}));
  }

  @Test
  void givenMismatchedShapes_refuses() {
    Neighbours nb = new Neighbours(1, new long[] {0}, new float[] {1});
    assertThrows(IllegalArgumentException.class,
        () -> RetrievalBlend.blend(new float[4], 2, nb, new float[2], 0.5));
    assertThrows(IllegalArgumentException.class,
        () -> new Neighbours(3, new long[4], new float[4]));
  }
}
