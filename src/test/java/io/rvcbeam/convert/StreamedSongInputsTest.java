package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.audio.HighPassFilter;
import io.rvcbeam.audio.HighPassedSong;
import io.rvcbeam.audio.PeakLimiter;
import org.junit.jupiter.api.Test;

/**
 * The song's inputs read from the float32 high-passed song (no float64 or padded copies) are
 * those of the float64 whole-array path: the same cuts, chunk samples and pitch-window samples.
 */
class StreamedSongInputsTest {

  private static final ChunkConfig SMALL_CHUNKS = new ChunkConfig(1, 1, 3, 4);

  @Test
  void cutsChunksAndPitchWindows_equalTheFloat64Path() {
    double[] song = TestSongs.harmonicTonesWithPauses(60);
    for (int i = 0; i < song.length; i++) {
      song[i] *= 3; // loud: the input limiter divides
    }
    double[] filtered = HighPassFilter.RVC.apply(PeakLimiter.limit(song, 0.95));
    HighPassedSong streamed = HighPassFilter.RVC.applyLimited(song, 0.95);
    for (ChunkConfig config : new ChunkConfig[] {SMALL_CHUNKS, ChunkConfig.FP32}) {
      ChunkPlan expected = ChunkPlan.of(filtered, config);
      ChunkPlan plan = ChunkPlan.of(streamed, config);
      assertArrayEquals(expected.cuts(), plan.cuts());
      double[] padded = expected.pad(filtered);
      for (ChunkPlan.Chunk c : plan.chunks()) {
        assertArrayEquals(c.samples(padded), c.samples(streamed.samples(), config.tPad()),
            "chunk " + c.index());
      }
      float[] paddedF = new float[padded.length];
      for (int i = 0; i < padded.length; i++) {
        paddedF[i] = (float) padded[i];
      }
      // windows short enough that a song has several, reaching past both padded ends
      PitchWindows windows = PitchWindows.plan(PitchWindows.framesOf(padded.length), 2048, 256);
      assertTrue(windows.windows().size() > 2);
      for (PitchWindows.Window w : windows.windows()) {
        assertArrayEquals(w.audio(paddedF), PitchTrack.paddedSlice(streamed.samples(),
            config.tPad(), w.audioStart(), w.audioLength()), "window at " + w.start());
      }
    }
    assertTrue(ChunkPlan.of(filtered, SMALL_CHUNKS).cuts().length > 5);
  }
}
