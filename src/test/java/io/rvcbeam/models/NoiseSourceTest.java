package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.checkpoint.HostTensor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NoiseSourceTest {

  @Test
  void replay_decodesInt8CodesAsSixteenthsAndFloatsAsIs_inOrder() {
    HostTensor codes = new HostTensor(HostTensor.DType.INT8, new long[] {1, 2, 2},
        ByteBuffer.wrap(new byte[] {16, -8, 127, -127}));
    HostTensor uniform = HostTensor.ofFloats(new float[] {0.25f}, 1, 1, 1);
    NoiseSource n = NoiseSource.replay(List.of(codes, uniform));
    assertArrayEquals(new float[] {1f, -0.5f, 127 / 16f, -127 / 16f}, n.normal(1, 2, 2));
    assertArrayEquals(new float[] {0.25f}, n.uniform(1, 1, 1));
    assertThrows(IllegalStateException.class, () -> n.normal(1));
  }

  @Test
  void replay_rejectsADrawOfAnotherShape() {
    NoiseSource n = NoiseSource.replay(List.of(HostTensor.ofFloats(new float[4], 1, 4, 1)));
    assertThrows(IllegalStateException.class, () -> n.normal(1, 2, 2));
  }

  @Test
  void seeded_isDeterministicAcrossThreads_andDependsOnEveryKeyPart() throws Exception {
    float[] a = NoiseSource.seeded(7, "song.wav", 3).normal(1000);
    float[] b = CompletableFuture.supplyAsync(() -> NoiseSource.seeded(7, "song.wav", 3)
        .normal(1000)).get();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, NoiseSource.seeded(8, "song.wav", 3).normal(1000)));
    assertFalse(Arrays.equals(a, NoiseSource.seeded(7, "song2.wav", 3).normal(1000)));
    assertFalse(Arrays.equals(a, NoiseSource.seeded(7, "song.wav", 4).normal(1000)));
  }

  @Test
  void seeded_drawsStandardNormalAndUnitUniformValues() {
    NoiseSource n = NoiseSource.seeded(1, "x", 0);
    float[] g = n.normal(100_000);
    double mean = 0;
    double sq = 0;
    for (float v : g) {
      mean += v;
      sq += v * v;
    }
    mean /= g.length;
    double var = sq / g.length - mean * mean;
    assertEquals(0, mean, 0.02);
    assertEquals(1, var, 0.02);
    for (float u : n.uniform(10_000)) {
      assertTrue(u >= 0 && u < 1);
    }
  }

  @Test
  void zero_isAllZeros() {
    assertArrayEquals(new float[6], NoiseSource.zero().normal(1, 2, 3));
  }
}
