package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.models.random.RandomSynthWeights;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batching, noise determinism and memory hygiene, on tiny random-weight models. */
class SynthesizerBatchTest {

  private static NDManager root;
  private static Synthesizer f0Model;
  private static Synthesizer plainModel;

  @BeforeAll
  static void load() throws Exception {
    root = NDManager.newBaseManager(Device.cpu());
    f0Model = Synthesizer.fromWeights("random-f0", RandomSynthWeights.tinyConfig(true),
        RandomSynthWeights.build(RandomSynthWeights.tinyConfig(true), 1), Device.cpu(),
        DataType.FLOAT32);
    plainModel = Synthesizer.fromWeights("random-nof0", RandomSynthWeights.tinyConfig(false),
        RandomSynthWeights.build(RandomSynthWeights.tinyConfig(false), 2), Device.cpu(),
        DataType.FLOAT32);
  }

  @AfterAll
  static void close() {
    f0Model.close();
    plainModel.close();
    root.close();
  }

  static SynthInput.Item item(int frames, int phoneDim, long seed, int speaker) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] phone = new float[frames * phoneDim];
    for (int i = 0; i < phone.length; i++) {
      phone[i] = (float) (r.nextDouble() * 2 - 1);
    }
    long[] pitch = new long[frames];
    float[] pitchf = new float[frames];
    for (int t = 0; t < frames; t++) {
      boolean voiced = t % 17 != 3;
      pitchf[t] = voiced ? (float) (150 + 80 * Math.sin(t * 0.2)) : 0f;
      pitch[t] = voiced ? 1 + (t * 7) % 255 : 1;
    }
    return new SynthInput.Item(phone, frames, pitch, pitchf, speaker);
  }

  private static void assertClose(float[] expected, float[] actual, double tol) {
    assertEquals(expected.length, actual.length);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(max <= tol, "max abs difference " + max);
  }

  @Test
  void givenTwoLengthsInOneBatch_matchesSingleCalls() {
    for (Synthesizer m : List.of(f0Model, plainModel)) {
      SynthInput.Item a = item(64, 768, 11, 0);
      SynthInput.Item b = item(41, 768, 12, 2);
      float[][] batch = m.infer(root, SynthInput.of(a, b),
          List.of(NoiseSource.seeded(5, "song", 0), NoiseSource.seeded(5, "song", 1)));
      float[] singleA = m.infer(root, SynthInput.of(a), NoiseSource.seeded(5, "song", 0))[0];
      float[] singleB = m.infer(root, SynthInput.of(b), NoiseSource.seeded(5, "song", 1))[0];
      assertEquals(64 * 400, batch[0].length);
      assertEquals(41 * 400, batch[1].length);
      assertClose(singleA, batch[0], 1e-5);
      assertClose(singleB, batch[1], 1e-5);
    }
  }

  @Test
  void givenSameSeed_givesIdenticalOutput_andOtherChunkDiffers() {
    SynthInput in = SynthInput.of(item(30, 768, 3, 1));
    float[] x = f0Model.infer(root, in, NoiseSource.seeded(9, "a", 4))[0];
    float[] y = f0Model.infer(root, in, NoiseSource.seeded(9, "a", 4))[0];
    float[] z = f0Model.infer(root, in, NoiseSource.seeded(9, "a", 5))[0];
    assertArrayEquals(x, y);
    double diff = 0;
    for (int i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i] - z[i]));
    }
    assertTrue(diff > 1e-4, "different chunks should draw different noise");
  }

  @Test
  void givenCalls_leavesNothingOnCallerOrModel() {
    int before = root.getManagedArrays().size();
    f0Model.infer(root, SynthInput.of(item(20, 768, 4, 0)), NoiseSource.zero());
    assertEquals(before, root.getManagedArrays().size());
  }
}
