package io.rvcbeam.models;

import io.rvcbeam.checkpoint.HostTensor;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * {@link NoiseSource#seeded}: a {@link SplittableRandom} keyed by a 64-bit hash of (seed, song,
 * chunk), with Gaussians from the polar method (StrictMath), so the values are fixed by this code
 * and the JDK's specified SplittableRandom sequence, on any platform and thread.
 */
final class SeededNoise implements NoiseSource {

  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  SeededNoise(long seed, String songId, int chunkIndex) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (byte b : songId.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xff));
    }
    h = mix(h ^ ((long) songId.length() << 32) ^ chunkIndex);
    this.random = new SplittableRandom(h);
  }

  /** The SplitMix64 finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public float[] normal(long... shape) {
    float[] out = new float[Math.toIntExact(HostTensor.numel(shape))];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) gaussian();
    }
    return out;
  }

  @Override
  public float[] uniform(long... shape) {
    float[] out = new float[Math.toIntExact(HostTensor.numel(shape))];
    for (int i = 0; i < out.length; i++) {
      out[i] = random.nextInt(1 << 24) * 0x1p-24f; // exact in float, < 1
    }
    return out;
  }

  /** Marsaglia's polar method, written out so the sequence is fixed by this code alone. */
  private double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  }
}
