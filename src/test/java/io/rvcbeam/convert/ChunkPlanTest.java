package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rvcbeam.convert.ChunkPlan.Chunk;
import io.rvcbeam.nn.ReflectPad;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {

  private static final ChunkConfig FP32 = ChunkConfig.FP32;

  @Test
  void presets_deriveTheReferenceSampleCounts() {
    assertEquals(16000, FP32.tPad());
    assertEquals(32000, FP32.tPad2());
    assertEquals(96000, FP32.tQuery());
    assertEquals(608000, FP32.tCenter());
    assertEquals(656000, FP32.tMax());
    assertEquals(24000, FP32.tPadTarget(24000));
    assertEquals(48000, ChunkConfig.FP16.tPad());
    assertEquals(160000, ChunkConfig.FP16.tQuery());
    assertEquals(960000, ChunkConfig.FP16.tCenter());
    assertEquals(1040000, ChunkConfig.FP16.tMax());
    assertEquals(120000, ChunkConfig.FP16.tPadTarget(40000));
  }

  @Test
  void givenShortChainSong_planIsOneChunkOverTheWholePaddedAudio() {
    // chain_short: 48 000 samples → padded 80 000, pitch 500 of 501 RMVPE frames, p_len 498
    ChunkPlan plan = ChunkPlan.of(new Random(1).doubles(48000, -0.5, 0.5).toArray(), FP32);
    assertEquals(80000, plan.paddedLength());
    assertEquals(500, plan.pitchLength());
    assertEquals(List.of(new Chunk(0, 0, 80000, 0, 500)), plan.chunks());
    Chunk only = plan.chunks().get(0);
    assertEquals(249, only.contentFrames());
    assertEquals(498, only.synthFrames());
    assertEquals(40000, plan.trimSamples(40000));
    assertEquals(119200, plan.trimmedLength(498 * 400, 40000));
  }

  @Test
  void givenSongOfExactlyTMaxWithWindow_isNotCut_andOneMoreSampleIs() {
    int limit = FP32.tMax() - ChunkConfig.WINDOW;
    double[] atLimit = new Random(2).doubles(limit, -1, 1).toArray();
    assertEquals(1, ChunkPlan.of(atLimit, FP32).chunks().size());
    double[] longer = new Random(2).doubles(limit + 1, -1, 1).toArray();
    assertEquals(2, ChunkPlan.of(longer, FP32).chunks().size());
  }

  @Test
  void givenSongOfExactlyTMax_isCutOnce() {
    ChunkPlan plan = ChunkPlan.of(new Random(3).doubles(FP32.tMax(), -1, 1).toArray(), FP32);
    assertEquals(1, plan.cuts().length);
  }

  @Test
  void givenAllSilence_tiesPickTheFirstSampleOfEverySearchRange() {
    int n = 2 * 608000 + 10;
    ChunkPlan plan = ChunkPlan.of(new double[n], FP32);
    assertArrayEquals(new int[] {512000, 1120000}, plan.cuts());
    assertEquals(
        List.of(
            new Chunk(0, 0, 512000 + 32160, 0, 544000 / 160),
            new Chunk(1, 512000, 1120000 + 32160, 3200, 1152000 / 160),
            new Chunk(2, 1120000, n + 32000, 7000, (n + 32000) / 160)),
        plan.chunks());
  }

  @Test
  void givenQuietestPointAtTheLastSample_cutsThereAndClampsTheChunkToTheAudio() {
    int n = 660000;
    double[] ramp = new double[n];
    for (int i = 0; i < n; i++) {
      ramp[i] = (double) (n - i) / n;
    }
    ChunkPlan plan = ChunkPlan.of(ramp, FP32);
    assertArrayEquals(new int[] {n - 1}, plan.cuts()); // numpy reference: 659999
    int t = (n - 1) / 160 * 160;
    assertEquals(new Chunk(0, 0, Math.min(t + 32160, n + 32000), 0, (t + 32000) / 160),
        plan.chunks().get(0));
    assertEquals(new Chunk(1, t, n + 32000, t / 160, (n + 32000) / 160), plan.chunks().get(1));
  }

  @Test
  void givenNoisySong_cutsEqualANaiveBoxSumSearch() {
    Random random = new Random(4);
    double[] x = new double[1_300_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian() * (0.1 + 0.09 * Math.sin(i / 3000.0));
    }
    assertArrayEquals(naiveCuts(x, FP32), ChunkPlan.of(x, FP32).cuts());
  }

  @Test
  void chunksTileThePaddedSongWithTwoPadsOfOverlap() {
    double[] x = new Random(5).doubles(3_000_000, -1, 1).toArray();
    ChunkPlan plan = ChunkPlan.of(x, FP32);
    List<Chunk> chunks = plan.chunks();
    assertEquals(plan.cuts().length + 1, chunks.size());
    assertEquals(0, chunks.get(0).padStart());
    assertEquals(plan.paddedLength(), chunks.get(chunks.size() - 1).padEnd());
    for (int i = 1; i < chunks.size(); i++) {
      Chunk prev = chunks.get(i - 1);
      Chunk next = chunks.get(i);
      assertEquals(2 * FP32.tPad() + 160, prev.padEnd() - next.padStart());
      assertEquals(next.padStart() / 160, next.pitchStart());
      assertEquals(0, next.padStart() % 160);
    }
    for (Chunk c : chunks) {
      assertEquals(true, c.pitchFrames() >= c.synthFrames(), c.toString());
    }
  }

  @Test
  void pad_returnsTheReflectPaddedSong() {
    double[] x = {1, 2, 3, 4, 5};
    ChunkConfig tiny = FP32;
    double[] padded = ChunkPlan.of(x, tiny).pad(x);
    assertEquals(32005, padded.length);
    assertEquals(1, padded[16000]);
    assertEquals(2, padded[15999]); // mirror without repeating the edge
    assertEquals(4, padded[16005]);
  }

  @Test
  void chunkSamplesReadThroughThePadding_equalThePaddedSongs() {
    double[] x = new Random(8).doubles(700000, -1, 1).toArray();
    ChunkPlan plan = ChunkPlan.of(x, FP32);
    double[] padded = plan.pad(x);
    float[] song = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      song[i] = (float) x[i];
    }
    // the first and last chunks read through the reflect padding at both ends
    for (Chunk c : List.of(plan.chunks().get(0), plan.chunks().get(plan.chunks().size() - 1))) {
      float[] expected = c.samples(padded);
      assertArrayEquals(expected, c.samples(song, FP32.tPad()));
    }
  }

  @Test
  void chunkSamplesAndTrim_sliceThePaddedSongAndTheOutput() {
    double[] x = new Random(6).doubles(700000, -1, 1).toArray();
    ChunkPlan plan = ChunkPlan.of(x, FP32);
    double[] padded = plan.pad(x);
    Chunk second = plan.chunks().get(1);
    float[] samples = second.samples(padded);
    assertEquals(second.length(), samples.length);
    assertEquals((float) padded[second.padStart()], samples[0]);
    assertEquals((float) padded[second.padEnd() - 1], samples[samples.length - 1]);
    float[] y = new float[100];
    for (int i = 0; i < y.length; i++) {
      y[i] = i;
    }
    ChunkPlan tiny = ChunkPlan.of(new double[10], new ChunkConfig(1, 1, 2, 3));
    assertArrayEquals(new float[] {20, 21}, tiny.trim(Arrays.copyOf(y, 42), 20));
    assertEquals(0, tiny.trim(y, 50).length);
  }

  @Test
  void givenEmptySong_refuses() {
    assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(new double[0], FP32));
  }

  @Test
  void givenInconsistentConfig_refuses() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkConfig(1, 6, 41, 41));
    assertThrows(IllegalArgumentException.class, () -> new ChunkConfig(1, 6, 6, 41));
  }

  /** The reference algorithm, literally: whole box-sum array, then first minimum per range. */
  static int[] naiveCuts(double[] x, ChunkConfig config) {
    double[] ap = ReflectPad.pad(x, 80, 80);
    int n = x.length;
    if (ap.length <= config.tMax()) {
      return new int[0];
    }
    double[] sum = new double[n];
    for (int i = 0; i < 160; i++) {
      for (int j = 0; j < n; j++) {
        sum[j] += ap[i + j];
      }
    }
    java.util.List<Integer> cuts = new java.util.ArrayList<>();
    for (int t = config.tCenter(); t < n; t += config.tCenter()) {
      int lo = t - config.tQuery();
      int hi = Math.min(t + config.tQuery(), n);
      double min = Double.POSITIVE_INFINITY;
      for (int j = lo; j < hi; j++) {
        min = Math.min(min, Math.abs(sum[j]));
      }
      for (int j = lo; j < hi; j++) {
        if (Math.abs(sum[j]) == min) {
          cuts.add(j);
          break;
        }
      }
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }
}
