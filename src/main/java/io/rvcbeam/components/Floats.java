package io.rvcbeam.components;

/** The pipeline carries the high-passed song in float64; the networks read it as float32. */
final class Floats {

  private Floats() {}

  static float[] of(double[] x) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) x[i];
    }
    return out;
  }
}
