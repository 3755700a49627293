package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

  @Test
  void givenStereoSineAt44k1_meanAt16kKeepsLengthFrequencyAndAmplitude() {
    int n = 44100 * 2 + 37;
    float[] left = new float[n];
    float[] right = new float[n];
    for (int i = 0; i < n; i++) {
      left[i] = (float) (0.6 * Math.sin(2 * Math.PI * 440 * i / 44100.0));
      right[i] = (float) (0.2 * Math.sin(2 * Math.PI * 440 * i / 44100.0));
    }
    double[] y = Resampler.resample(
        new PcmAudio(44100, new float[][] {left, right}).downmixToMono(), 44100, 16000);

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

  /**
   * Fed in pieces of any size, the stream gives the same bytes as the whole array: more than one
   * resampler block in, more than one output block out (2^20 samples), an odd tail.
   */
  @ParameterizedTest
  @CsvSource({"48000, 40000", "44100, 16000", "16000, 16000", "32000, 48000"})
  void givenInputInOddPieces_streamEqualsWholeArray(int inRate, int outRate) {
    Random random = new Random(inRate + outRate);
    double[] x = new double[1_300_003];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.5 * Math.sin(i * 0.01) + 0.01 * random.nextGaussian();
    }
    double[] whole = Resampler.resample(x, inRate, outRate);
    double[] streamed;
    try (Resampler.Stream stream = new Resampler.Stream(inRate, outRate)) {
      int at = 0;
      for (int piece = 1; at < x.length; piece = piece * 3 % 70001 + 1) {
        int n = Math.min(piece, x.length - at);
        if (n == 1) {
          stream.add(x[at]);
        } else {
          stream.add(x, at, n);
        }
        at += n;
      }
      streamed = stream.samples();
    }
    assertEquals((long) Math.ceil((double) x.length * outRate / inRate), whole.length);
    assertArrayEquals(whole, streamed);
    DoubleStream.Builder handedOn = DoubleStream.builder();
    try (Resampler.Stream stream = new Resampler.Stream(inRate, outRate, handedOn)) {
      stream.add(x, 0, 70_001);
      stream.add(x, 70_001, x.length - 70_001);
      assertEquals(whole.length, stream.finish());
    }
    assertArrayEquals(whole, handedOn.build().toArray());
  }

  @Test
  void givenFloat32Channels_resampleLikeTheirFloat64ValuesRoundedBack() {
    PcmAudio audio = TestSignals.chord(40000, 2, 40000 * 3 + 7);
    PcmAudio at44k1 = Resampler.resample(audio, 44100);
    for (int c = 0; c < 2; c++) {
      float[] channel = audio.channel(c);
      double[] wide = new double[channel.length];
      for (int i = 0; i < wide.length; i++) {
        wide[i] = channel[i];
      }
      double[] expected = Resampler.resample(wide, 40000, 44100);
      float[] narrow = new float[expected.length];
      for (int i = 0; i < narrow.length; i++) {
        narrow[i] = (float) expected[i];
      }
      assertArrayEquals(narrow, at44k1.channel(c));
      assertArrayEquals(narrow, Resampler.resample(channel, 40000, 44100));
    }
  }

  @Test
  void givenNothing_streamGivesNothing() {
    try (Resampler.Stream stream = new Resampler.Stream(44100, 16000)) {
      assertEquals(0, stream.samples().length);
    }
  }

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
