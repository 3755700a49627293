package io.rvcbeam.audio;

/**
 * A song through {@link HighPassFilter}'s zero-phase filter without song-length float64 arrays:
 * the result is held once, in float32, and any stretch of the exact float64 result can be
 * regenerated on demand ({@link #readExact}), bit for bit what {@link HighPassFilter#apply}
 * returns.
 *
 * <p>How: the forward pass runs once keeping only its 5-double state every {@link #BLOCK}
 * samples; the backward pass then walks the blocks from the end, recomputing each block's forward
 * output from its checkpoint (one block of doubles) and filtering it backwards, keeping its state
 * at each block too. Every sample sees the same operations in the same order as the whole-array
 * filter, so the values are identical; the forward pass costs twice. A block is regenerated the
 * same way from the two checkpoints that bracket it.
 *
 * <p>Thread-safe once built (reads allocate their own scratch).
 */
public final class HighPassedSong {

  /** Samples per checkpoint: 80 bytes of state per 16 KiB of float output. */
  static final int BLOCK = 4096;

  private final IirCoefficients c;
  private final double[] input; // the caller's samples, not copied
  private final double divisor; // the peak limiter's factor, or 1
  private final int n;
  private final int edge;
  private final int order;
  private final double[] forward; // [blocks, order] state before each block, forward pass
  private final double[] backward; // [blocks, order] state before each block's last sample
  private final float[] samples;

  HighPassedSong(IirCoefficients c, double[] zi, int padLength, double[] x, double divisor) {
    this.c = c;
    this.input = x;
    this.divisor = divisor;
    this.n = x.length;
    this.edge = Math.min(padLength, n - 1);
    this.order = zi.length;
    int len = n + 2 * edge;
    int blocks = (len + BLOCK - 1) / BLOCK;
    this.forward = new double[blocks * order];
    this.backward = new double[blocks * order];
    this.samples = new float[n];

    double[] z = scaled(zi, ext(0));
    double[] block = new double[BLOCK];
    for (int k = 0; k < blocks; k++) {
      System.arraycopy(z, 0, forward, k * order, order);
      int from = k * BLOCK;
      int to = Math.min(len, from + BLOCK);
      fill(block, from, to);
      IirFilter.lfilter(c, block, block, z, 0, to - from);
      if (k == blocks - 1) {
        z = scaled(zi, block[to - from - 1]); // the backward pass starts from the last output
      }
    }
    for (int k = blocks - 1; k >= 0; k--) {
      System.arraycopy(z, 0, backward, k * order, order);
      int from = k * BLOCK;
      int to = Math.min(len, from + BLOCK);
      forwardBlock(k, block);
      IirFilter.lfilterBackwards(c, block, block, z, 0, to - from);
      for (int t = Math.max(from, edge); t < Math.min(to, edge + n); t++) {
        samples[t - edge] = (float) block[t - from];
      }
    }
  }

  /** The filtered song, float32 ({@code (float) HighPassFilter.apply(x)[i]}). Not copied. */
  public float[] samples() {
    return samples;
  }

  public int length() {
    return n;
  }

  /**
   * The exact float64 filtered samples {@code [from, to)} into {@code out[0, to − from)}: {@code
   * HighPassFilter.apply(x)[from..to)}, regenerated from the checkpoints.
   */
  public void readExact(int from, int to, double[] out) {
    if (from < 0 || to > n || from > to) {
      throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + n + " samples");
    }
    double[] block = new double[BLOCK];
    double[] z = new double[order];
    int first = (from + edge) / BLOCK;
    int last = to == from ? first - 1 : (to - 1 + edge) / BLOCK;
    for (int k = first; k <= last; k++) {
      int start = k * BLOCK;
      int len = Math.min(n + 2 * edge - start, BLOCK);
      forwardBlock(k, block);
      System.arraycopy(backward, k * order, z, 0, order);
      IirFilter.lfilterBackwards(c, block, block, z, 0, len);
      for (int t = Math.max(start, from + edge); t < Math.min(start + len, to + edge); t++) {
        out[t - edge - from] = block[t - start];
      }
    }
  }

  /** The forward pass's output over block k, recomputed from its checkpoint. */
  private void forwardBlock(int k, double[] block) {
    int from = k * BLOCK;
    int to = Math.min(n + 2 * edge, from + BLOCK);
    fill(block, from, to);
    double[] z = new double[order];
    System.arraycopy(forward, k * order, z, 0, order);
    IirFilter.lfilter(c, block, block, z, 0, to - from);
  }

  /** The odd-extended, peak-limited input over [from, to) (extended coordinates). */
  private void fill(double[] block, int from, int to) {
    for (int t = from; t < to; t++) {
      block[t - from] = ext(t);
    }
  }

  /**
   * Extended sample t: {@code 2·x[0] − x[edge − t]} on the left, x inside, {@code 2·x[n−1] −
   * x[n−2−i]} on the right, of the limited x (as {@link HighPassFilter#apply} forms them).
   */
  private double ext(int t) {
    if (t < edge) {
      return 2 * x(0) - x(edge - t);
    }
    int i = t - edge;
    if (i < n) {
      return x(i);
    }
    return 2 * x(n - 1) - x(n - 2 - (i - n));
  }

  private double x(int i) {
    return divisor == 1 ? input[i] : input[i] / divisor;
  }

  private static double[] scaled(double[] zi, double x0) {
    double[] z = new double[zi.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = zi[i] * x0;
    }
    return z;
  }
}
