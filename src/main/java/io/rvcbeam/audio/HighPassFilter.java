package io.rvcbeam.audio;

/**
 * RVC's input high-pass: a 5th-order Butterworth at 48 Hz for 16 kHz audio, applied forward and
 * backward (zero phase) exactly as {@code scipy.signal.filtfilt(b, a, x)} with its defaults: odd
 * extension of {@code padlen = 3·len(a) = 18} samples at each end, {@code lfilter_zi} initial
 * conditions scaled by the first sample of each pass. Plain float64 Java: the filter is poorly
 * conditioned at 48 Hz / 16 kHz and the reference runs it in double precision.
 *
 * <p>Signals of at most {@code padlen} samples, which scipy rejects with a ValueError, are filtered
 * with the largest extension scipy would accept for them ({@code padlen = len − 1}, i.e. {@code
 * filtfilt(b, a, x, padlen=len(x) − 1)}); an empty signal gives an empty result.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HighPassFilter {

  /**
   * scipy's {@code lfilter_zi} for the RVC filter as the reference computed it (docs/algorithm.md §2.3). The
   * exact steady state differs from these by up to 1e-6 (the LU solve in scipy is ill- conditioned
   * here, and its rounding differs between LAPACK builds); keeping the reference's values
   * reproduces its output to 1e-15 instead of 5e-8.
   */
  private static final double[] RVC_REFERENCE_ZI = {
    -0.9699604796995847,
    3.8798419288925783,
    -5.819762908173043,
    3.879841948472456,
    -0.9699604894923387
  };

  /** RVC's filter: {@code butter(N=5, Wn=48, btype="high", fs=16000)}. */
  public static final HighPassFilter RVC =
      new HighPassFilter(Butterworth.highPass(5, 48, 16000), RVC_REFERENCE_ZI);

  private final IirCoefficients coefficients;
  private final double[] zi;
  private final int padLength;

  /** A zero-phase filter with the exact steady-state initial conditions of {@code coefficients}. */
  public HighPassFilter(IirCoefficients coefficients) {
    this(coefficients, IirFilter.steadyStateZi(coefficients));
  }

  private HighPassFilter(IirCoefficients coefficients, double[] zi) {
    this.coefficients = coefficients;
    this.zi = zi.clone();
    this.padLength = 3 * coefficients.length();
  }

  public IirCoefficients coefficients() {
    return coefficients;
  }

  /** Zero-phase filtered copy of {@code x}; {@code x} is not modified. */
  public double[] apply(double[] x) {
    int n = x.length;
    if (n == 0) {
      return new double[0];
    }
    int edge = Math.min(padLength, n - 1);
    int len = n + 2 * edge;
    double[] y = new double[len];
    // Odd extension: 2·x[0] − x[edge..1] on the left, 2·x[n−1] − x[n−2..n−1−edge] on the right.
    for (int i = 0; i < edge; i++) {
      y[i] = 2 * x[0] - x[edge - i];
      y[edge + n + i] = 2 * x[n - 1] - x[n - 2 - i];
    }
    System.arraycopy(x, 0, y, edge, n);

    double[] z = scaledZi(y[0]);
    IirFilter.lfilter(coefficients, y, y, z, 0, len);
    reverse(y);
    z = scaledZi(y[0]);
    IirFilter.lfilter(coefficients, y, y, z, 0, len);
    reverse(y);

    double[] out = new double[n];
    System.arraycopy(y, edge, out, 0, n);
    return out;
  }

  /**
   * {@code apply(PeakLimiter.limit(x, ceiling))} held as float32 with the exact float64 values
   * regenerable ({@link HighPassedSong}): no float64 copy of the song is made; {@code x} is read,
   * not modified, and must not change while the result is in use.
   */
  public HighPassedSong applyLimited(double[] x, double ceiling) {
    if (x.length == 0) {
      throw new IllegalArgumentException("cannot filter an empty signal");
    }
    return new HighPassedSong(coefficients, zi, padLength, x, PeakLimiter.divisor(x, ceiling));
  }

  private double[] scaledZi(double x0) {
    double[] z = new double[zi.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = zi[i] * x0;
    }
    return z;
  }

  private static void reverse(double[] v) {
    for (int i = 0, j = v.length - 1; i < j; i++, j--) {
      double t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
  }
}
