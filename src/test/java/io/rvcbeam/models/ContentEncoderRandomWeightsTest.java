package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.ContentEncoder.Features;
import io.rvcbeam.models.random.RandomHubertWeights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ContentEncoder on in-memory random weights: key spellings, sizes, memory, input checks. */
class ContentEncoderRandomWeightsTest {

  private static final Map<String, Object> TINY_DECLARED =
      Map.of("num_attention_heads", 4, "conv_stride", List.of(5, 2, 2, 2, 2, 2, 2));

  private static Map<String, HostTensor> tinyWeights;
  private static ContentEncoder tiny;

  @BeforeAll
  static void loadTiny() {
    tinyWeights = RandomHubertWeights.build(7, 8, 32, 2, 16, 4, 4, 8);
    tiny = ContentEncoder.fromStateDict("tiny", tinyWeights, TINY_DECLARED, Device.cpu(),
        DataType.FLOAT32);
  }

  @AfterAll
  static void closeTiny() {
    tiny.close();
  }

  private static float[][] noise(int rows, int samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] audio = new float[rows][samples];
    for (float[] row : audio) {
      for (int i = 0; i < samples; i++) {
        row[i] = (float) (0.5 * Math.sin(i * 0.03) + 0.1 * (2 * r.nextDouble() - 1));
      }
    }
    return audio;
  }

  private static float maxAbsDiff(float[][][] a, float[][][] b) {
    assertEquals(a.length, b.length);
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i].length, b[i].length);
      for (int t = 0; t < a[i].length; t++) {
        assertEquals(a[i][t].length, b[i][t].length);
        for (int c = 0; c < a[i][t].length; c++) {
          max = Math.max(max, Math.abs(a[i][t][c] - b[i][t][c]));
        }
      }
    }
    return max;
  }

  @Test
  void givenFairseqKeyNames_givesTheSameFeatures() {
    Map<String, HostTensor> fairseq = RandomHubertWeights.toFairseq(tinyWeights);
    float[][] audio = noise(1, 4000, 2);
    try (ContentEncoder fromFairseq = ContentEncoder.fromStateDict("fairseq", fairseq,
        TINY_DECLARED, Device.cpu(), DataType.FLOAT32)) {
      assertEquals(0f, maxAbsDiff(tiny.encode(audio, Features.V1),
          fromFairseq.encode(audio, Features.V1)));
    }
  }

  @Test
  void givenParametrizationsWeightNormAndHubertPrefix_givesTheSameFeatures() {
    Map<String, HostTensor> renamed = new LinkedHashMap<>();
    tinyWeights.forEach((k, v) -> renamed.put("hubert." + k
        .replace("conv.weight_g", "conv.parametrizations.weight.original0")
        .replace("conv.weight_v", "conv.parametrizations.weight.original1"), v));
    float[][] audio = noise(1, 4000, 3);
    try (ContentEncoder other = ContentEncoder.fromStateDict("renamed", renamed, TINY_DECLARED,
        Device.cpu(), DataType.FLOAT32)) {
      assertEquals(0f, maxAbsDiff(tiny.encode(audio, Features.V2),
          other.encode(audio, Features.V2)));
    }
  }

  @Test
  void givenBatchOfTwo_eachRowEqualsItsSingleRun() {
    float[][] audio = noise(2, 3000, 4);
    float[][][] batch = tiny.encode(audio, Features.V2);
    float[][][] first = tiny.encode(new float[][] {audio[0]}, Features.V2);
    float[][][] second = tiny.encode(new float[][] {audio[1]}, Features.V2);
    assertEquals(2, batch.length);
    assertTrue(maxAbsDiff(new float[][][] {batch[0]}, first) < 1e-5f);
    assertTrue(maxAbsDiff(new float[][][] {batch[1]}, second) < 1e-5f);
    assertTrue(maxAbsDiff(first, second) > 1e-3f, "different audio, different features");
  }

  @Test
  void givenV1_projectsToFinalProjWidth() {
    float[][][] v1 = tiny.encode(noise(1, 2000, 5), Features.V1);
    assertEquals(tiny.frames(2000), v1[0].length);
    assertEquals(8, v1[0][0].length);
    assertEquals(8, tiny.width(Features.V1));
    assertEquals(32, tiny.width(Features.V2));
  }

  @Test
  void givenEarlierLayer_differsFromLastLayer() {
    float[][] audio = noise(1, 2000, 6);
    float[][][] layer1 = tiny.encode(audio, new Features(1, false));
    float[][][] last = tiny.encode(audio, Features.V2);
    assertTrue(maxAbsDiff(layer1, last) > 1e-3f);
  }

  @Test
  void givenLayerBeyondTheCheckpoint_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tiny.encode(noise(1, 2000, 7), Features.V1_RVC));
    assertTrue(e.getMessage().contains("layer 9"), e.getMessage());
  }

  @Test
  void givenTooShortAudio_throwsIllegalArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tiny.encode(new float[1][399], Features.V2));
    assertTrue(e.getMessage().contains("399 samples"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> tiny.encode(new float[1][0], Features.V2));
    assertEquals(1, tiny.encode(new float[1][400], Features.V2)[0].length);
    assertEquals(1, tiny.encode(new float[1][719], Features.V2)[0].length);
    assertEquals(2, tiny.encode(new float[1][720], Features.V2)[0].length);
  }

  @Test
  void givenRowsOfDifferentLength_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> tiny.encode(new float[][] {new float[800], new float[900]}, Features.V2));
  }

  @Test
  void givenWrongRank_throwsIllegalArgument() {
    try (NDManager caller = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray flat = caller.zeros(new Shape(1000));
      assertThrows(IllegalArgumentException.class,
          () -> tiny.encode(caller, flat, Features.V2));
    }
  }

  @Test
  void givenACall_leavesNothingOnTheModelAndOnlyTheResultWithTheCaller() {
    try (NDManager caller = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray audio = caller.create(noise(2, 5000, 8)[0].clone(), new Shape(1, 5000));
      int modelBefore = tiny.manager().getManagedArrays().size();
      int callerBefore = caller.getManagedArrays().size();
      NDArray out = tiny.encode(caller, audio, Features.V1);
      assertEquals(modelBefore, tiny.manager().getManagedArrays().size());
      assertEquals(callerBefore + 1, caller.getManagedArrays().size());
      assertEquals(caller, out.getManager());
      assertEquals(DataType.FLOAT32, out.getDataType());
      assertArrayEquals(new long[] {1, tiny.frames(5000), 8}, out.getShape().getShape());
      assertTrue(audio.isReleased() == false, "input left alone");
    }
  }

  @Test
  void givenFloat64Input_matchesFloat32Input() {
    float[][] audio = noise(1, 3000, 9);
    double[] wide = new double[audio[0].length];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = audio[0][i];
    }
    try (NDManager caller = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray out = tiny.encode(caller, caller.create(wide, new Shape(1, wide.length)),
          Features.V2);
      float[] expected = tiny.encode(caller, caller.create(audio[0], new Shape(1, wide.length)),
          Features.V2).toFloatArray();
      assertArrayEquals(expected, out.toFloatArray(), 0f);
    }
  }

  @Test
  void givenFloat16Compute_staysCloseToFloat32() {
    float[][] audio = noise(1, 4000, 10);
    try (ContentEncoder half = ContentEncoder.fromStateDict("tiny-fp16", tinyWeights,
        TINY_DECLARED, Device.cpu(), DataType.FLOAT16)) {
      float[][][] h = half.encode(audio, Features.V1);
      float[][][] f = tiny.encode(audio, Features.V1);
      float diff = maxAbsDiff(h, f);
      assertTrue(diff < 0.05f, "fp16 vs fp32 max abs diff " + diff);
      assertTrue(diff > 0f, "fp16 really computed in half precision");
    }
  }

  @Test
  void givenConcurrentCalls_eachGetsItsSequentialResult() throws Exception {
    int threads = 4;
    float[][][] inputs = new float[threads][][];
    float[][][][] expected = new float[threads][][][];
    for (int i = 0; i < threads; i++) {
      inputs[i] = noise(1, 2400 + 320 * i, 20 + i);
      expected[i] = tiny.encode(inputs[i], Features.V2);
    }
    int modelBefore = tiny.manager().getManagedArrays().size();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<float[][][]>> futures = new java.util.ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < threads; i++) {
          float[][] in = inputs[i];
          futures.add(pool.submit(() -> tiny.encode(in, Features.V2)));
        }
      }
      for (int k = 0; k < futures.size(); k++) {
        assertEquals(0f, maxAbsDiff(expected[k % threads], futures.get(k).get()));
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(modelBefore, tiny.manager().getManagedArrays().size());
  }
}
