package io.rvcbeam.nn;

/** Folding of PyTorch weight normalisation, {@code w = g * v / ||v||}, on host arrays. */
public final class WeightNorm {

  private WeightNorm() {}

  /**
   * @param g magnitudes, one per index along {@code dim}
   * @param v directions, C order, of {@code shape}
   * @param dim the axis kept by the norm (PyTorch's default 0; HuBERT's positional conv uses 2)
   */
  public static float[] fold(float[] g, float[] v, long[] shape, int dim) {
    int n = shape.length;
    long outer = 1;
    for (int i = 0; i < dim; i++) {
      outer *= shape[i];
    }
    long inner = 1;
    for (int i = dim + 1; i < n; i++) {
      inner *= shape[i];
    }
    int size = (int) shape[dim];
    if (g.length != size) {
      throw new IllegalArgumentException(
          "weight_g has " + g.length + " values, expected " + size + " (axis " + dim + ")");
    }
    double[] sq = new double[size];
    for (long o = 0; o < outer; o++) {
      for (int d = 0; d < size; d++) {
        long base = (o * size + d) * inner;
        for (long i = 0; i < inner; i++) {
          double x = v[(int) (base + i)];
          sq[d] += x * x;
        }
      }
    }
    float[] out = new float[v.length];
    for (long o = 0; o < outer; o++) {
      for (int d = 0; d < size; d++) {
        // torch computes the norm in float32; the difference is far below the tolerance.
        float scale = (float) (g[d] / Math.sqrt(sq[d]));
        long base = (o * size + d) * inner;
        for (long i = 0; i < inner; i++) {
          out[(int) (base + i)] = v[(int) (base + i)] * scale;
        }
      }
    }
    return out;
  }
}
