package io.rvcbeam.convert;

import java.util.Arrays;

/**
 * What the reference does to the RMVPE f0 track before the synthesizer (URVC/Applio {@code
 * Pipeline.get_f0}, docs/algorithm.md §4.7–§4.8): autotune, or proposed-pitch key shift, or a plain
 * semitone shift, then the coarse mel-scale pitch bins 1..255. All in float64, like NumPy.
 */
public final class PitchPostProcessor {

  static final double F0_MIN = 50.0;
  static final double F0_MAX = 1100.0;
  static final double MEL_MIN = hzToMel(F0_MIN);
  static final double MEL_MAX = hzToMel(F0_MAX);

  /** The 54 note frequencies G1…C6 autotune snaps to (URVC {@code Autotune.note_dict}). */
  static final double[] NOTES = {
    49.00, 51.91, 55.00, 58.27, 61.74, 65.41, 69.30, 73.42, 77.78, 82.41, 87.31, 92.50, 98.00,
    103.83, 110.00, 116.54, 123.47, 130.81, 138.59, 146.83, 155.56, 164.81, 174.61, 185.00,
    196.00, 207.65, 220.00, 233.08, 246.94, 261.63, 277.18, 293.66, 311.13, 329.63, 349.23,
    369.99, 392.00, 415.30, 440.00, 466.16, 493.88, 523.25, 554.37, 587.33, 622.25, 659.25,
    698.46, 739.99, 783.99, 830.61, 880.00, 932.33, 987.77, 1046.50
  };

  /** The f0 the synthesizer's NSF source gets (Hz, 0 = unvoiced) and its coarse bins. */
  public record Pitch(double[] pitchf, long[] coarse) {

    /** A track {@link #process} already adjusted (or a slice of one), with its coarse bins. */
    public static Pitch ofAdjusted(double[] pitchf) {
      return new Pitch(pitchf, PitchPostProcessor.coarse(pitchf));
    }

    public int length() {
      return pitchf.length;
    }

    /** {@code pitchf[from, to)} as float32, as the reference hands it to the synthesizer. */
    public float[] pitchfSlice(int from, int to) {
      float[] out = new float[to - from];
      for (int i = from; i < to; i++) {
        out[i - from] = (float) pitchf[i];
      }
      return out;
    }

    public long[] coarseSlice(int from, int to) {
      return Arrays.copyOfRange(coarse, from, to);
    }
  }

  private PitchPostProcessor() {}

  /**
   * Applies the settings' pitch adjustment (autotune, else proposed pitch, else the semitone
   * shift) and computes the coarse bins.
   */
  public static Pitch process(double[] f0, ConversionSettings settings) {
    double[] shifted;
    if (settings.autotune()) {
      shifted = autotune(f0, settings.autotuneStrength());
    } else if (settings.proposedPitch()) {
      int upKey = proposedKey(f0, settings.proposedPitchThreshold());
      shifted = shift(f0, settings.pitch() + upKey);
    } else {
      shifted = shift(f0, settings.pitch());
    }
    return new Pitch(shifted, coarse(shifted));
  }

  /** {@code f0 · 2^(semitones/12)}. */
  public static double[] shift(double[] f0, int semitones) {
    double factor = Math.pow(2.0, semitones / 12.0);
    double[] out = new double[f0.length];
    for (int i = 0; i < f0.length; i++) {
      out[i] = f0[i] * factor;
    }
    return out;
  }

  /**
   * Moves every frame towards its nearest note by {@code strength} (0..1). Unvoiced frames (0 Hz)
   * move towards 49 Hz and become voiced, as in the reference.
   */
  public static double[] autotune(double[] f0, double strength) {
    double[] out = new double[f0.length];
    for (int i = 0; i < f0.length; i++) {
      double f = f0[i];
      double note = NOTES[0];
      double best = Math.abs(NOTES[0] - f);
      for (int n = 1; n < NOTES.length; n++) {
        double d = Math.abs(NOTES[n] - f);
        if (d < best) {
          best = d;
          note = NOTES[n];
        }
      }
      out[i] = f + (note - f) * strength;
    }
    return out;
  }

  /**
   * The proposed-pitch key shift in semitones (−12..12): moves the median of the voiced track
   * (unvoiced frames linearly interpolated) towards {@code thresholdHz}; 0 with fewer than two
   * voiced frames.
   */
  public static int proposedKey(double[] f0, double thresholdHz) {
    int voiced = 0;
    for (double f : f0) {
      if (f > 0) {
        voiced++;
      }
    }
    if (voiced < 2) {
      return 0;
    }
    int[] xp = new int[voiced];
    double[] fp = new double[voiced];
    for (int i = 0, k = 0; i < f0.length; i++) {
      if (f0[i] > 0) {
        xp[k] = i;
        fp[k++] = f0[i];
      }
    }
    double[] filled = new double[f0.length];
    int j = 0;
    for (int i = 0; i < f0.length; i++) {
      if (i <= xp[0]) {
        filled[i] = fp[0];
      } else if (i >= xp[voiced - 1]) {
        filled[i] = fp[voiced - 1];
      } else {
        while (xp[j + 1] <= i) {
          j++;
        }
        if (xp[j] == i) {
          filled[i] = fp[j];
        } else {
          double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
          filled[i] = slope * (i - xp[j]) + fp[j];
        }
      }
    }
    Arrays.sort(filled);
    int n = filled.length;
    double median = n % 2 == 1 ? filled[n / 2] : (filled[n / 2 - 1] + filled[n / 2]) / 2.0;
    if (!(median > 0)) {
      return 0;
    }
    double key = Math.rint(12.0 * (Math.log(thresholdHz / median) / Math.log(2.0)));
    return (int) Math.max(-12, Math.min(12, key));
  }

  /** Coarse pitch bins 1..255 on the mel scale, rounded half to even like {@code np.rint}. */
  public static long[] coarse(double[] f0) {
    long[] out = new long[f0.length];
    for (int i = 0; i < f0.length; i++) {
      double m = hzToMel(f0[i]);
      if (m > 0) {
        m = (m - MEL_MIN) * 254 / (MEL_MAX - MEL_MIN) + 1;
      }
      if (m <= 1) {
        m = 1;
      }
      if (m > 255) {
        m = 255;
      }
      out[i] = (long) Math.rint(m);
    }
    return out;
  }

  private static double hzToMel(double f) {
    return 1127 * Math.log(1 + f / 700);
  }
}
