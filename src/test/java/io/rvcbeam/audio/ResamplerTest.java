package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {

  @Test
  void givenStereoSineAt44k1_toMono16kKeepsLengthFrequencyAndAmplitude() {
    int n = 44100 * 2 + 37;
    float[] left = new float[n];
    float[] right = new float[n];
    for (int i = 0; i < n; i++) {
      left[i] = (float) (0.6 * Math.sin(2 * Math.PI * 440 * i / 44100.0));
      right[i] = (float) (0.2 * Math.sin(2 * Math.PI * 440 * i / 44100.0));
    }
    double[] y = Resampler.toMono16k(new PcmAudio(44100, new float[][] {left, right}));

    assertEquals(n * 16000.0 / 44100, y.length, 1.0);
    // Channel mean: amplitude (0.6 + 0.2) / 2.
    assertSineMatches(y, 16000, 440, 0.4, 1e-4);
  }

  @Test
  void givenToneNearNyquist_passesItAndRemovesToneAboveNyquist() {
    int n = 44100;
    double[] inBand = new double[n];
    double[] aboveNyquist = new double[n];
    for (int i = 0; i < n; i++) {
      inBand[i] = 0.5 * Math.sin(2 * Math.PI * 7000 * i / 44100.0);
      aboveNyquist[i] = 0.5 * Math.sin(2 * Math.PI * 9000 * i / 44100.0);
    }
    assertSineMatches(Resampler.resample(inBand, 44100, 16000), 16000, 7000, 0.5, 1e-4);
    // 9 kHz cannot exist at 16 kHz; an aliasing resampler would fold it to 7 kHz.
    assertTrue(rms(Resampler.resample(aboveNyquist, 44100, 16000), 1000) < 1e-5);
  }

  @Test
  void givenModelRateOutput_resamplesToArbitraryRate() {
    int n = 40000;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 1000 * i / 40000.0));
    }
    PcmAudio out = Resampler.resample(PcmAudio.mono(40000, x), 44100);
    assertEquals(44100, out.sampleRate());
    assertEquals(44100, out.frames());
    double[] y = new double[out.frames()];
    for (int i = 0; i < y.length; i++) {
      y[i] = out.sample(0, i);
    }
    assertSineMatches(y, 44100, 1000, 0.3, 1e-4);
  }

  @Test
  void givenSameRate_returnsInput() {
    PcmAudio audio = PcmAudio.mono(16000, new float[] {0.1f, 0.2f});
    assertSame(audio, Resampler.resample(audio, 16000));
    assertEquals(0, Resampler.resample(new double[0], 44100, 16000).length);
  }

  /** Correlation with the ideal sine > 0.999 and amplitude within tolerance, away from edges. */
  private static void assertSineMatches(
      double[] y, int rate, double freq, double amplitude, double amplitudeTolerance) {
    int edge = rate / 20;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = edge; i < y.length - edge; i++) {
      double ideal = amplitude * Math.sin(2 * Math.PI * freq * i / rate);
      sxy += ideal * y[i];
      sxx += ideal * ideal;
      syy += y[i] * y[i];
    }
    double correlation = sxy / Math.sqrt(sxx * syy);
    assertTrue(correlation > 0.999, "correlation " + correlation);
    assertEquals(1.0, Math.sqrt(syy / sxx), amplitudeTolerance / amplitude);
  }

  private static double rms(double[] y, int edge) {
    double s = 0;
    for (int i = edge; i < y.length - edge; i++) {
      s += y[i] * y[i];
    }
    return Math.sqrt(s / (y.length - 2 * edge));
  }
}
