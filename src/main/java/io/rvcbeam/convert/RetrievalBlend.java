package io.rvcbeam.convert;

/**
 * The reference's feature blend with the retrieved neighbours, in float32 and in NumPy's
 * summation order (docs/algorithm.md §6.2): {@code w = (1/score)²} normalised per frame, {@code r =
 * Σ_k vectors[id_k]·w_k}, {@code out = r·rate + (1 − rate)·features}. A missing neighbour (id −1)
 * reads the last stored vector, as NumPy's negative index does, with weight 0.
 */
public final class RetrievalBlend {

  private RetrievalBlend() {}

  /** Stored vectors by id. */
  @FunctionalInterface
  public interface Rows {
    /** Copies vector {@code id} into {@code row} [C]. */
    void read(int id, float[] row);
  }

  /**
   * @param features [T, C] the content features (before the ×2 upsample)
   * @param vectors [ntotal, C] every stored vector in id order ({@code reconstruct_n})
   * @param rate the index rate in [0, 1]
   * @return [T, C] the blended features
   */
  public static float[] blend(
      float[] features, int channels, Neighbours neighbours, float[] vectors, double rate) {
    if (channels <= 0 || vectors.length % channels != 0) {
      throw new IllegalArgumentException(
          "vectors (" + vectors.length + ") are not rows of " + channels);
    }
    return blend(features, channels, neighbours, vectors.length / channels,
        (id, row) -> System.arraycopy(vectors, id * channels, row, 0, channels), rate);
  }

  /**
   * As {@link #blend(float[], int, Neighbours, float[], double)} with the {@code total} stored
   * vectors read through {@code rows}.
   */
  public static float[] blend(float[] features, int channels, Neighbours neighbours, int total,
      Rows rows, double rate) {
    if (channels <= 0 || features.length % channels != 0) {
      throw new IllegalArgumentException(
          "features (" + features.length + ") are not rows of " + channels);
    }
    int frames = features.length / channels;
    if (neighbours.queries() != frames) {
      throw new IllegalArgumentException(
          neighbours.queries() + " neighbour rows for " + frames + " frames");
    }
    int k = neighbours.k();
    float keep = (float) rate;
    float mix = (float) (1 - rate);
    float[] w = new float[k];
    float[] r = new float[channels];
    float[] vector = new float[channels];
    float[] out = new float[features.length];
    for (int t = 0; t < frames; t++) {
      for (int j = 0; j < k; j++) {
        float inv = 1f / neighbours.scores()[t * k + j];
        w[j] = inv * inv;
      }
      float sum = pairwiseSum(w);
      for (int j = 0; j < k; j++) {
        w[j] = w[j] / sum;
      }
      for (int j = 0; j < k; j++) {
        long id = neighbours.ids()[t * k + j];
        rows.read((int) (id < 0 ? total + id : id), vector);
        float wj = w[j];
        for (int c = 0; c < channels; c++) {
          float p = vector[c] * wj;
          r[c] = j == 0 ? p : r[c] + p;
        }
      }
      int base = t * channels;
      for (int c = 0; c < channels; c++) {
        out[base + c] = r[c] * keep + mix * features[base + c];
      }
    }
    return out;
  }

  /** NumPy's pairwise float32 sum for short rows (n ≤ 128): 8 lanes, then a fixed tree. */
  static float pairwiseSum(float[] a) {
    int n = a.length;
    if (n < 8) {
      float s = 0f;
      for (float v : a) {
        s += v;
      }
      return s;
    }
    float[] lane = new float[8];
    System.arraycopy(a, 0, lane, 0, 8);
    int i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int l = 0; l < 8; l++) {
        lane[l] += a[i + l];
      }
    }
    float s = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
    for (; i < n; i++) {
      s += a[i];
    }
    return s;
  }
}
