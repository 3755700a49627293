package io.rvcbeam.models;

import io.rvcbeam.checkpoint.HostTensor;
import java.util.Arrays;
import java.util.List;

/** {@link NoiseSource#replay}: recorded draws, checked against the requested shapes. */
final class ReplayedNoise implements NoiseSource {

  private final List<HostTensor> draws;
  private int next;

  ReplayedNoise(List<HostTensor> draws) {
    this.draws = List.copyOf(draws);
  }

  @Override
  public float[] normal(long... shape) {
    return take("normal", shape);
  }

  @Override
  public float[] uniform(long... shape) {
    return take("uniform", shape);
  }

  private float[] take(String kind, long[] shape) {
    if (next >= draws.size()) {
      throw new IllegalStateException(
          "replayed noise exhausted: " + kind + " draw " + next + " " + Arrays.toString(shape)
              + " requested, " + draws.size() + " recorded");
    }
    HostTensor t = draws.get(next);
    if (!Arrays.equals(t.shape(), shape)) {
      throw new IllegalStateException("replayed " + kind + " draw " + next + " has shape "
          + Arrays.toString(t.shape()) + ", requested " + Arrays.toString(shape));
    }
    next++;
    float[] v = t.toFloatArray();
    if (t.dtype() == HostTensor.DType.INT8) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= 16f;
      }
    }
    return v;
  }
}
