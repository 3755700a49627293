package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bucket lengths: aligned, ascending, and long enough for every chunk the plan can cut. */
class BatchPlanTest {

  @Test
  void givenEachChunkConfig_bucketsAreAlignedAndAscending() {
    for (ChunkConfig config : new ChunkConfig[] {ChunkConfig.FP32, ChunkConfig.FP16,
        ChunkConfig.LOW_MEMORY, new ChunkConfig(1, 1, 3, 4)}) {
      BatchPlan plan = BatchPlan.of(config, 4);
      int[] lengths = plan.lengths();
      assertEquals(4, lengths.length, config.toString());
      for (int i = 0; i < lengths.length; i++) {
        int synth = FeatureUpsampler.synthFrames(lengths[i]);
        assertEquals(0, synth % BatchPlan.FRAME_ALIGN, config + ": " + lengths[i]);
        assertEquals(synth, 2 * FeatureUpsampler.contentFrames(lengths[i]));
        assertEquals(lengths[i], synth * ChunkConfig.WINDOW + ChunkConfig.WINDOW / 2);
        assertTrue(i == 0 || lengths[i] > lengths[i - 1], config.toString());
        assertEquals(i, plan.bucket(lengths[i]));
        assertEquals(i, plan.bucket(i == 0 ? 400 : lengths[i - 1] + 1));
      }
      assertTrue(lengths[3] >= BatchPlan.longestChunk(config));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> plan.bucket(lengths[3] + 1));
      assertTrue(e.getMessage().contains("longer than the longest batch row"), e.getMessage());
    }
    assertEquals(BatchPlan.single(), BatchPlan.of(ChunkConfig.FP32, 1));
    assertThrows(IllegalArgumentException.class, () -> BatchPlan.of(ChunkConfig.FP32, 0));
  }

  @Test
  void givenChunksOfMixedLengths_callsGroupEachBucketInOrderUpToTheSlotCount() {
    BatchPlan plan = BatchPlan.of(ChunkConfig.FP32, 2);
    int[] lengths = plan.lengths();
    // chunk 0, 2, 3 in the longest bucket, 1 and 4 in the shortest
    int[] samples = {lengths[3], 400, lengths[2] + 1, lengths[3] - 5, lengths[0]};
    List<BatchPlan.Call> calls = plan.calls(samples.length, i -> samples[i]);
    assertEquals(List.of(new BatchPlan.Call(0, List.of(1, 4)),
        new BatchPlan.Call(3, List.of(0, 2)), new BatchPlan.Call(3, List.of(3))), calls);

    List<BatchPlan.Call> alone = BatchPlan.single().calls(3, i -> {
      throw new AssertionError("lengths are not asked for one slot");
    });
    assertEquals(List.of(new BatchPlan.Call(BatchPlan.UNPADDED, List.of(0)),
        new BatchPlan.Call(BatchPlan.UNPADDED, List.of(1)),
        new BatchPlan.Call(BatchPlan.UNPADDED, List.of(2))), alone);
    assertThrows(IllegalArgumentException.class, () -> plan.calls(1, i -> lengths[3] + 1));
  }

  /**
   * Songs whose only quiet spots sit at the far ends of the cut search windows, alternately as
   * late and as early as allowed: the longest chunks the plan can make still fit.
   */
  @Test
  void givenQuietSpotsAtTheSearchEdges_everyChunkFitsTheLongestBucket() {
    ChunkConfig config = new ChunkConfig(1, 1, 3, 4);
    BatchPlan plan = BatchPlan.of(config, 2);
    SplittableRandom random = new SplittableRandom(5);
    int longest = 0;
    for (int song = 0; song < 6; song++) {
      int n = config.tCenter() * (3 + song) + random.nextInt(config.tCenter());
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextDouble() - 0.5;
      }
      for (int k = 1; (long) k * config.tCenter() < n; k++) {
        int centre = k * config.tCenter();
        int at = k % 2 == (song % 2) ? centre + config.tQuery() - 1 : centre - config.tQuery();
        for (int i = Math.max(0, at - 200); i < Math.min(n, at + 200); i++) {
          x[i] = 0;
        }
      }
      for (ChunkPlan.Chunk c : ChunkPlan.of(x, config).chunks()) {
        longest = Math.max(longest, c.length());
        plan.bucket(c.length()); // throws if it fits none
      }
    }
    assertTrue(longest > config.tCenter() + config.tPad2() + config.tQuery(),
        "the test made no long chunk: " + longest);
  }
}
