package io.rvcbeam.convert;

/**
 * The k nearest stored vectors of each query, nearest first: ids (−1 where fewer than k were
 * found) and squared L2 distances ({@link #MISSING_SCORE} for missing ones), row-major [T, k].
 */
public record Neighbours(int k, long[] ids, float[] scores) {

  /** The distance faiss reports for a missing neighbour ({@code FLT_MAX}). */
  public static final float MISSING_SCORE = Float.MAX_VALUE;

  public Neighbours {
    if (k <= 0 || ids.length != scores.length || ids.length % k != 0) {
      throw new IllegalArgumentException(
          "neighbour arrays must be [T, k]: k=" + k + ", " + ids.length + " ids, "
              + scores.length + " scores");
    }
  }

  public int queries() {
    return ids.length / k;
  }
}
