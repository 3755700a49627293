package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rvcbeam.audio.HighPassFilter;
import io.rvcbeam.audio.HighPassedSong;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.audio.PeakLimiter;
import io.rvcbeam.audio.Resampler;
import io.rvcbeam.audio.VolumeEnvelopeMix;
import io.rvcbeam.convert.bench.SyntheticSong;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step objects every command calls give what the audio package's parts give in sequence. */
class ChainStepsTest {

  @Test
  void limitAndHighPass_exactIsTheLimitThenTheFilter_bitForBit() {
    double[] quiet = SyntheticSong.generate(3, 1);
    double[] loud = quiet.clone();
    for (int i = 0; i < loud.length; i++) {
      loud[i] *= 4; // above the 0.95 ceiling: the limiter divides
    }
    for (double[] x : List.of(quiet, loud)) {
      double[] expected = HighPassFilter.RVC.apply(PeakLimiter.limit(x, PeakLimiter.INPUT_CEILING));

      HighPassedSong song = new LimitAndHighPass().apply(x);
      double[] exact = new double[song.length()];
      song.readExact(0, exact.length, exact);
      float[] held = song.samples();

      assertArrayEquals(expected, exact);
      for (int i = 0; i < held.length; i++) {
        assertEquals((float) expected[i], held[i]);
      }
    }
  }

  @Test
  void toMono_isTheChannelMeanAtTheRate() {
    float[] left = {0.5f, 0.25f, -0.5f, 0.125f};
    float[] right = {-0.5f, 0.75f, 0.5f, 0.375f};
    PcmAudio stereo = new PcmAudio(16000, new float[][] {left, right});

    assertArrayEquals(new double[] {0, 0.5, 0, 0.25}, ToMono.at16k().apply(stereo));
    // The sink (mean per frame, resampled as it arrives) equals the whole-array path.
    PcmAudio at44k1 = new PcmAudio(44100, new float[][] {left, right});
    assertArrayEquals(Resampler.resample(at44k1.downmixToMono(), 44100, 16000),
        ToMono.at16k().apply(at44k1));
  }

  @Test
  void stitch_mixesTheEnvelopeLimitsThenAddsTheStemWithTheGains() throws Exception {
    float[] source = new float[2 * 16000];
    for (int i = 0; i < source.length; i++) {
      source[i] = (float) (0.3 * Math.sin(i * 0.05) * (i < 16000 ? 0.2 : 1));
    }
    float[] a = new float[30000];
    float[] b = new float[50000];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (0.8 * Math.sin(i * 0.03));
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) (1.5 * Math.sin(i * 0.02)); // loud: the output limit acts
    }
    double[] stem = new double[70000]; // shorter than the song: silence after it
    for (int i = 0; i < stem.length; i++) {
      stem[i] = 0.5 * Math.cos(i * 0.01);
    }
    ConversionSettings settings =
        ConversionSettings.defaults().withRmsMixRate(0.25).withGains(0.8, 0.6);
    float[] rms = new SourceEnvelope().apply(source, settings);

    Stitch stitch = new Stitch(40000);
    float[] out = stitch.mixStem(
        stitch.apply(Stitch.concatenate(List.of(a, b)), rms, settings, Profiler.disabled()),
        settings, samples -> Arrays.stream(stem).forEach(samples));
    double[] longStem = Arrays.copyOf(stem, 90000); // longer than the song: cut
    Arrays.fill(longStem, 70000, 90000, 0.9);
    float[] cut = stitch.mixStem(
        stitch.apply(Stitch.concatenate(List.of(a, b)), rms, settings, Profiler.disabled()),
        settings, samples -> Arrays.stream(Arrays.copyOf(longStem, 80000)).forEach(samples));

    float[] vocal = PeakLimiter.limit(VolumeEnvelopeMix.applyEnvelope(rms,
        Stitch.concatenate(List.of(a, b)), 40000, 0.25), PeakLimiter.OUTPUT_CEILING);
    float[] mixed = new float[vocal.length];
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] = (float) (0.8 * vocal[i] + 0.6 * (i < stem.length ? stem[i] : 0));
    }
    assertArrayEquals(PeakLimiter.limit(mixed, PeakLimiter.OUTPUT_CEILING), out);
    for (int i = 70000; i < mixed.length; i++) {
      mixed[i] = (float) (0.8 * vocal[i] + 0.6 * 0.9);
    }
    assertArrayEquals(PeakLimiter.limit(mixed, PeakLimiter.OUTPUT_CEILING), cut);
    assertNull(new SourceEnvelope().apply(source, ConversionSettings.defaults()));
  }
}
