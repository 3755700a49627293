package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.random.RmvpeStateDicts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behaviour of the facade on a random model with the golden tiny architecture. */
class PitchEstimatorTest {

  private static PitchEstimator model;

  @BeforeAll
  static void load() {
    model = PitchEstimator.fromStateDict("tiny-random", RmvpeStateDicts.tiny(11), Device.cpu(),
        DataType.FLOAT32);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static float[] tone(int samples, double hz, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    float[] x = new float[samples];
    for (int i = 0; i < samples; i++) {
      double t = i / 16000.0;
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * t) + 0.1 * Math.sin(4 * Math.PI * hz * t)
          + 0.01 * rnd.nextGaussian());
    }
    return x;
  }

  @Test
  void givenTinyCheckpointShapes_describesArchitectureFromKeys() {
    String d = model.describe();
    assertTrue(d.contains("5 encoder levels x 2 residual blocks, first width 1, 2 intermediate "
        + "layers, BiGRU hidden 256, 360 classes"), d);
  }

  @Test
  void givenOneSecond_returnsOneFramePer160SamplesPlusOne() {
    float[] f0 = model.estimate(tone(16000, 220, 1), 0.03f);
    assertEquals(101, f0.length);
    assertEquals(101, PitchEstimator.frameCount(16000));
    for (float f : f0) {
      assertTrue(f == 0 || (f > 31 && f < 2006), "f0 out of RMVPE's range: " + f);
    }
  }

  @Test
  void givenDoubleInput_castsToFloat32LikeTheReference() {
    float[] x = tone(4000, 300, 2);
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    assertArrayEquals(model.estimate(x, 0.03f), model.estimate(d, 0.03f));
  }

  @Test
  void givenThresholdAboveOne_everyFrameIsUnvoiced() {
    float[] f0 = model.estimate(tone(8000, 220, 3), 1.0f);
    for (float f : f0) {
      assertEquals(0f, f);
    }
  }

  @Test
  void givenBatchOfWindows_eachRowMatchesItsSingleRun() {
    float[] a = tone(6400, 220, 4);
    float[] b = tone(6400, 410, 5);
    float[][][] batch = model.salience(new float[][] {a, b});
    float[][][] single = model.salience(new float[][] {b});
    assertEquals(2, batch.length);
    assertEquals(41, batch[1].length);
    assertEquals(360, batch[1][0].length);
    for (int t = 0; t < single[0].length; t++) {
      assertArrayEquals(single[0][t], batch[1][t], 1e-5f, "frame " + t);
    }
  }

  @Test
  void givenSalienceOnCallerManager_returnsAttachedFloat32Tensor() {
    try (NDManager mine = NDManager.newBaseManager()) {
      NDArray s = model.salience(mine, new float[][] {tone(3200, 200, 6)});
      assertEquals(mine, s.getManager());
      assertArrayEquals(new long[] {1, 21, 360}, s.getShape().getShape());
      assertEquals(DataType.FLOAT32, s.getDataType());
    }
  }

  @Test
  void givenTooShortAudio_throwsClearErrorInsteadOfCrashing() {
    for (int n : new int[] {0, 100, 512, 2559}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.estimate(new float[n], 0.03f), "length " + n);
      assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }
    assertEquals(17, model.estimate(tone(PitchEstimator.minSamples(), 220, 7), 0.03f).length);
  }

  @Test
  void givenWindowsOfDifferentLengths_throws() {
    assertThrows(IllegalArgumentException.class,
        () -> model.salience(new float[][] {new float[3200], new float[3360]}));
  }

  @Test
  void givenCalls_leaveNoArraysBehind() {
    BaseNDManager manager = (BaseNDManager) model.manager();
    int before = manager.getManagedArrays().size();
    model.estimate(tone(5000, 250, 8), 0.03f);
    model.salience(new float[][] {tone(3000, 250, 9), tone(3000, 260, 10)});
    model.salienceFromMel(model.logMel(new float[][] {tone(3000, 250, 9)}));
    assertThrows(IllegalArgumentException.class, () -> model.estimate(new float[10], 0.03f));
    assertEquals(before, manager.getManagedArrays().size());
  }

  @Test
  void givenConcurrentCallers_eachGetsTheSingleThreadedResult() throws Exception {
    float[] x = tone(8000, 330, 12);
    float[] expected = model.estimate(x, 0.03f);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      java.util.List<Future<float[]>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> model.estimate(x, 0.03f)));
      }
      for (Future<float[]> r : results) {
        assertArrayEquals(expected, r.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void givenUnexpectedTensor_rejectsStateDict() {
    Map<String, HostTensor> sd = new LinkedHashMap<>(RmvpeStateDicts.tiny(13));
    sd.put("fc.9.weight", HostTensor.ofFloats(new float[1], 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PitchEstimator.fromStateDict("extra", sd, Device.cpu(), DataType.FLOAT32));
    assertTrue(e.getMessage().contains("fc.9.weight"), e.getMessage());
  }

  @Test
  void givenMissingTensor_namesIt() {
    Map<String, HostTensor> sd = new LinkedHashMap<>(RmvpeStateDicts.tiny(14));
    sd.remove("unet.decoder.layers.2.conv1.1.running_var");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PitchEstimator.fromStateDict("missing", sd, Device.cpu(), DataType.FLOAT32));
    assertTrue(e.getMessage().contains("unet.decoder.layers.2.conv1.1.running_var"),
        e.getMessage());
  }

  @Test
  void givenFloat16ComputeType_salienceStaysCloseToFloat32() {
    float[] x = tone(3200, 220, 15);
    float[][][] reference = model.salience(new float[][] {x});
    try (PitchEstimator half = PitchEstimator.fromStateDict("tiny-random-fp16",
        RmvpeStateDicts.tiny(11), Device.cpu(), DataType.FLOAT16)) {
      float[][][] s = half.salience(new float[][] {x});
      double max = 0;
      for (int t = 0; t < s[0].length; t++) {
        for (int c = 0; c < 360; c++) {
          max = Math.max(max, Math.abs(s[0][t][c] - reference[0][t][c]));
        }
      }
      assertTrue(max < 2e-2, "fp16 vs fp32 max abs diff " + max);
    }
  }

  @Test
  void givenHostLogMel_networkGivesTheSameSalienceAsFromAudio() {
    float[][] audio = {tone(4800, 260, 16), tone(4800, 180, 17)};
    float[][][] mel = model.logMel(audio);
    assertEquals(128, mel[1].length);
    assertEquals(31, mel[1][0].length);
    float[][][] fromMel = model.salienceFromMel(mel);
    float[][][] fromAudio = model.salience(audio);
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < 31; t++) {
        assertArrayEquals(fromAudio[b][t], fromMel[b][t], 1e-6f, "window " + b + " frame " + t);
      }
    }
  }

  @Test
  void givenUncentredWindow_matchesTheSongsMelFramesAtThatPlace() {
    float[] song = tone(9600, 240, 18); // 61 centred frames
    int first = 8;
    int frames = 32;
    int start = 160 * first - 512;
    float[] window = java.util.Arrays.copyOfRange(song, start, start + 160 * (frames - 1) + 1024);
    float[][] songMel = model.logMel(new float[][] {song})[0];
    float[][][] melSlice = new float[1][128][];
    for (int m = 0; m < 128; m++) {
      melSlice[0][m] = java.util.Arrays.copyOfRange(songMel[m], first, first + frames);
    }
    float[][][] expected = model.salienceFromMel(melSlice);
    float[][][] got = model.windowSalience(new float[][] {window});
    assertEquals(frames, got[0].length);
    for (int t = 0; t < frames; t++) {
      assertArrayEquals(expected[0][t], got[0][t], 1e-5f, "frame " + t);
    }
    assertThrows(IllegalArgumentException.class, () -> model.windowSalience(new float[][] {
        new float[1000]}));
    assertThrows(IllegalArgumentException.class, () -> model.windowSalience(new float[0][]));
  }
}
