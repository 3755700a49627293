package io.rvcbeam.convert.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rvcbeam.convert.Neighbours;
import io.rvcbeam.convert.Retrieval;
import org.junit.jupiter.api.Test;

class BenchInputsTest {

  @Test
  void listCount_followsRvcsTrainingRule() {
    assertEquals(512, RandomIndex.listCount(20000)); // min(16·√20000 = 2262, 20000 / 39 = 512)
    assertEquals(2564, RandomIndex.listCount(100000)); // min(16·√100000 = 5059, 2564)
    assertEquals(1, RandomIndex.listCount(10));
  }

  @Test
  void randomIndex_findsAStoredVectorAsItsOwnNearestNeighbour_bothWays() {
    RandomIndex index = RandomIndex.build(2000, 16, 3);
    assertEquals(2000, index.vectors());
    assertEquals(RandomIndex.listCount(2000), index.lists());
    float[] query = index.vector(123);
    try (Retrieval ivf = index.ivf(); Retrieval exact = index.exact(Device.cpu())) {
      Neighbours n = ivf.search(query);
      assertEquals(123, n.ids()[0]);
      assertEquals(0f, n.scores()[0]);
      assertEquals(123, exact.search(query).ids()[0]);
      float[] near = query.clone();
      near[0] += 0.01f; // an exact match has score 0 and weight 1/0² (NaN blend, as the reference)
      float[] blended = ivf.blend(near, 1);
      assertEquals(query[5], blended[5], 1e-3f); // rate 1: the neighbours' mean, dominated by 123
    }
  }

  @Test
  void syntheticSong_hasTheLengthStaysInRangeAndIsDeterministic() {
    double[] song = SyntheticSong.generate(2.5, 1);
    assertEquals(40000, song.length);
    double peak = 0;
    double energy = 0;
    for (double v : song) {
      peak = Math.max(peak, Math.abs(v));
      energy += v * v;
    }
    assertTrue(peak < 1.0, "peak " + peak);
    assertTrue(energy / song.length > 1e-3, "too quiet");
    assertArrayEquals(song, SyntheticSong.generate(2.5, 1));
  }
}
