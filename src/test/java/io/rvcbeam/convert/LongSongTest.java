package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.audio.HighPassFilter;
import io.rvcbeam.audio.PeakLimiter;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.Synthesizer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Long songs: RMVPE in overlapping windows gives the pitch of one unwindowed run, and a 20-minute
 * song converts.
 *
 * <p>Cost with the tiny golden models (1 libtorch thread): RMVPE ≈ 28 s of CPU per 20 minutes of
 * audio and pass, the whole chain ≈ 0.4 s per second of audio. So the default suite compares the
 * windowed and unwindowed pitch of a 150 s song with 4096-frame windows (6 windows, the same
 * stitching as the 32 000-frame windows of a 20-minute song); the 20-minute conversion (a few
 * minutes on 2 cores) runs by default and can be skipped with {@code -Drvcbeam.skipSlowTests=true}.
 */
class LongSongTest {

  private static PitchEstimator rmvpe;

  @BeforeAll
  static void load() throws IOException {
    rmvpe = PitchEstimator.load(Golden.path("models/rmvpe_tiny.pt"), Device.cpu(),
        DataType.FLOAT32);
  }

  @AfterAll
  static void close() {
    rmvpe.close();
  }

  @Test
  void windowedPitch_agreesWithOneUnwindowedRun() {
    float[] padded = paddedSong(150);
    int frames = PitchWindows.framesOf(padded.length);
    PitchWindows windowed = PitchWindows.plan(frames, 4096, 512);
    PitchWindows whole = PitchWindows.plan(frames, roundUp32(frames), 512);
    assertTrue(windowed.windows().size() >= 5, "several windows: " + windowed.windows().size());
    assertSamePitch(padded, windowed, whole);
  }

  /** The case: 32 000-frame windows (4 of them) against one call over 20 minutes. */
  @Test
  @DisabledIfSystemProperty(named = "rvcbeam.skipSlowTests", matches = "true")
  void twentyMinuteSong_windowedPitchAgreesWithOneUnwindowedRun() {
    float[] padded = paddedSong(20 * 60);
    int frames = PitchWindows.framesOf(padded.length);
    PitchWindows windowed = PitchWindows.plan(frames);
    assertTrue(windowed.windows().size() >= 4, "windows: " + windowed.windows().size());
    assertSamePitch(padded, windowed, PitchWindows.plan(frames, roundUp32(frames), 1024));
  }

  private static void assertSamePitch(float[] padded, PitchWindows windowed, PitchWindows whole) {
    assertEquals(1, whole.windows().size());
    double[] a = PitchTrack.estimate(rmvpe, padded, PitchEstimator.DEFAULT_THRESHOLD, windowed);
    double[] b = PitchTrack.estimate(rmvpe, padded, PitchEstimator.DEFAULT_THRESHOLD, whole);

    assertEquals(b.length, a.length);
    int sameVoicing = 0;
    int voiced = 0;
    int bothVoiced = 0;
    int within5Cents = 0;
    for (int i = 0; i < a.length; i++) {
      if ((a[i] > 0) == (b[i] > 0)) {
        sameVoicing++;
      }
      if (b[i] > 0) {
        voiced++;
      }
      if (a[i] > 0 && b[i] > 0) {
        bothVoiced++;
        if (Math.abs(1200 * Math.log(a[i] / b[i]) / Math.log(2)) < 5) {
          within5Cents++;
        }
      }
    }
    assertTrue(voiced > a.length / 2, "the song is mostly voiced: " + voiced + "/" + a.length);
    double voicing = sameVoicing / (double) a.length;
    assertTrue(voicing >= 0.995, "voicing agrees on " + voicing);
    assertTrue(within5Cents >= 0.995 * bothVoiced,
        "f0 within 5 cents on " + within5Cents + "/" + bothVoiced + " frames");
  }

  @Test
  @DisabledIfSystemProperty(named = "rvcbeam.skipSlowTests", matches = "true")
  void twentyMinuteSong_converts() throws IOException {
    double[] song = TestSongs.harmonicTonesWithPauses(20 * 60);
    try (ContentEncoder encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"),
            Device.cpu(), DataType.FLOAT32);
        Synthesizer synth = Synthesizer.load(Golden.path("models/tiny_v2_40k_f0.pth"),
            Device.cpu(), DataType.FLOAT32);
        Retrieval index = Retrieval.open(
            Golden.path("models/added_IVF5_Flat_nprobe_1_tiny_v2.index"), 768, "tiny")) {
      SongConverter converter = new SongConverter(rmvpe,
          new VoiceConverter(encoder, synth, index), ChunkConfig.FP32, 4);
      ConversionSettings settings =
          ConversionSettings.defaults().withNoise(ConversionSettings.Noise.ZERO, 0);
      SongConverter.PreparedSong prepared =
          converter.prepare(song, "twenty", settings, Profiler.disabled());
      AtomicInteger done = new AtomicInteger();

      float[] out = converter.convert(prepared, settings, Profiler.disabled(), done::set);

      int chunks = prepared.chunks().size();
      assertTrue(chunks > 25, "chunks: " + chunks);
      assertEquals(chunks, done.get());
      // The reference loses a few milliseconds per chunk to frame rounding (3 s → 2.98 s).
      assertEquals(20 * 60 * 40000, out.length, 400 * chunks, "20 minutes at 40 kHz");
      double peak = 0;
      for (float v : out) {
        assertTrue(Float.isFinite(v));
        peak = Math.max(peak, Math.abs(v));
      }
      assertTrue(peak > 0.01 && peak <= 0.99 + 1e-6, "peak " + peak);
    }
  }

  /** The song as SongConverter hands it to RMVPE: normalised, high-passed, reflect-padded. */
  private static float[] paddedSong(int seconds) {
    double[] filtered = HighPassFilter.RVC.apply(PeakLimiter.limit(
        TestSongs.harmonicTonesWithPauses(seconds), PeakLimiter.INPUT_CEILING));
    double[] padded = ChunkPlan.of(filtered, ChunkConfig.FP32).pad(filtered);
    float[] f = new float[padded.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) padded[i];
    }
    return f;
  }

  private static int roundUp32(int frames) {
    return (frames + 31) / 32 * 32;
  }
}
