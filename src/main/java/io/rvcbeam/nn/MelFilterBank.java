package io.rvcbeam.nn;

/**
 * Triangular mel filter banks, computed in float64 and returned as float32, the way librosa's
 * {@code filters.mel} builds them.
 *
 * <p>Only the HTK mel scale with Slaney area normalisation is implemented (what RMVPE uses:
 * {@code librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=True, norm="slaney")}).
 */
public final class MelFilterBank {

  private MelFilterBank() {}

  /**
   * @return row-major {@code [nMels, nFft / 2 + 1]} weights: row i maps a magnitude spectrum to
   *     mel band i
   */
  public static float[] htkSlaney(int sampleRate, int nFft, int nMels, double fmin, double fmax) {
    if (nMels < 1 || nFft < 2 || fmin < 0 || fmax <= fmin || fmax > sampleRate / 2.0) {
      throw new IllegalArgumentException("bad mel filter bank parameters: sr=" + sampleRate
          + " n_fft=" + nFft + " n_mels=" + nMels + " fmin=" + fmin + " fmax=" + fmax);
    }
    int bins = nFft / 2 + 1;
    double[] fftFreqs = new double[bins];
    for (int k = 0; k < bins; k++) {
      // np.linspace(0, sr / 2, bins)
      fftFreqs[k] = k * (sampleRate / 2.0) / (bins - 1);
    }
    double melMin = hzToMelHtk(fmin);
    double melMax = hzToMelHtk(fmax);
    double[] edges = new double[nMels + 2];
    double step = (melMax - melMin) / (edges.length - 1); // np.linspace: i * step + start
    for (int i = 0; i < edges.length; i++) {
      edges[i] = melToHzHtk(i * step + melMin);
    }
    // librosa's linspace pins the last point exactly at the stop value.
    edges[edges.length - 1] = melToHzHtk(melMax);
    float[] weights = new float[nMels * bins];
    for (int i = 0; i < nMels; i++) {
      double lowWidth = edges[i + 1] - edges[i];
      double highWidth = edges[i + 2] - edges[i + 1];
      double enorm = 2.0 / (edges[i + 2] - edges[i]);
      for (int k = 0; k < bins; k++) {
        double lower = -(edges[i] - fftFreqs[k]) / lowWidth;
        double upper = (edges[i + 2] - fftFreqs[k]) / highWidth;
        double w = Math.max(0.0, Math.min(lower, upper));
        // librosa stores the triangle in float32, then scales the float32 array.
        weights[i * bins + k] = (float) ((float) w * enorm);
      }
    }
    return weights;
  }

  public static double hzToMelHtk(double hz) {
    return 2595.0 * Math.log10(1.0 + hz / 700.0);
  }

  public static double melToHzHtk(double mel) {
    return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
  }
}
