package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.SplitIntoChunks;
import io.rvcbeam.pipeline.TestCatalogue;
import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.values.ChunkSlice;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.SongAudio;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.pipeline.report.Progress.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line's arithmetic, from chunk audio done and audio planned. */
class ProgressTest {

  private static final long MINUTE = 60L * SongAudio.RATE;

  @Test
  void givenHalfThePlannedAudioConvertedInTenMinutes_etaIsTenMinutesMore() {
    // 4 songs, all planned (40 min), no song finished yet, 20 min of chunks converted.
    Snapshot s = new Snapshot(4, 0, 0, 0, 0, 4, 40 * MINUTE, 20 * MINUTE, 0, 0, 0);

    assertEquals(50.0, s.percentOfPlanned(), 1e-9);
    assertEquals(600.0, s.etaSeconds(600), 1e-6);
    assertEquals(
        "0/4 songs (0 converted, 0 skipped, 0 failed), 20.0/40.0 min of audio (50%),"
            + " elapsed 10m00s, ETA 10m00s",
        s.line(600));
  }

  @Test
  void givenUnplannedSongs_etaAssumesTheAverageLengthAndTotalIsMarkedOpen() {
    // 5 songs: 1 skipped, 2 planned (30 min), 2 not planned yet; 10 min converted in 5 min.
    Snapshot s = new Snapshot(5, 0, 1, 0, 0, 2, 30 * MINUTE, 10 * MINUTE, 0, 0, 0);

    assertEquals(2, s.unplannedSongs());
    // left: 20 min planned + 2 × 15 min; rate 2 audio-min per minute.
    assertEquals(25 * 60.0, s.etaSeconds(300), 1e-6);
    assertTrue(s.line(300).contains("10.0/30.0+ min of audio (33%)"), s.line(300));
  }

  @Test
  void failedChunksCountAsDoneAndSongsFailedBeforePlanningAreNotWaitedFor() {
    // 2 songs: one failed at decoding, one planned (10 min) with 4 min failed and 4 min converted.
    Snapshot s = new Snapshot(2, 0, 0, 1, 1, 1, 10 * MINUTE, 4 * MINUTE, 4 * MINUTE, 0, 0);

    assertEquals(0, s.unplannedSongs());
    assertEquals(80.0, s.percentOfPlanned(), 1e-9);
    // 8 min done in 8 min: 2 min left.
    assertEquals(120.0, s.etaSeconds(480), 1e-6);
  }

  @Test
  void givenNoChunkDone_etaIsUnknownAndGivenAllSongsDone_itIsZero() {
    Snapshot none = new Snapshot(2, 0, 0, 0, 0, 1, MINUTE, 0, 0, 0, 0);
    assertTrue(Double.isNaN(none.etaSeconds(30)));
    assertTrue(none.line(30).endsWith("ETA ?"), none.line(30));

    Snapshot done = new Snapshot(2, 1, 1, 0, 0, 1, MINUTE, MINUTE, 0, 0, 0);
    assertEquals(0.0, done.etaSeconds(30));
  }

  @Test
  void onceASecondChunkIsDone_theRateCountsFromTheFirstChunk() {
    // 60 min planned; the first chunk (1 min) came after 9 min of pitch; 10 min more since then.
    Snapshot s = new Snapshot(1, 0, 0, 0, 0, 1, 60 * MINUTE, 11 * MINUTE, 0, MINUTE, 600);

    // 10 audio-min per 10 min: 49 min left take 49 min (not 49 × 19 / 11 from the elapsed time).
    assertEquals(49 * 60.0, s.etaSeconds(1140), 1e-6);
  }

  @Test
  void songSharesFollowChunkLengthsAndAddUpToTheSong() {
    List<ChunkSlice> slices =
        List.of(slice(3000), slice(1000), slice(3000), slice(2000));

    long[] shares = SplitIntoChunks.SplitFn.songShares(7001, slices);

    // 7001 × (3/9, 1/9, 3/9, 2/9), rounded cumulatively.
    assertArrayEquals(new long[] {2334, 778, 2333, 1556}, shares);
  }

  @Test
  void progressMovesWithEachChunkBeforeAnySongFinishes() {
    Progress.reset(1);
    Song song = new Song("s", "/in/s.wav", "/out/s.wav", "voice_a", null, TestCatalogue.settings());
    Progress.songPlanned(3000);

    Progress.chunkConverted(new Chunk(song, 0, 2, 0, new float[1], new double[0], 1000));

    Snapshot s = Progress.snapshot();
    assertEquals(0, s.doneSongs());
    assertEquals(1000, s.convertedSamples());
    assertEquals(100.0 / 3, s.percentOfPlanned(), 1e-9);
    assertEquals(20.0, s.etaSeconds(10), 1e-9);
  }

  private static ChunkSlice slice(int samples) {
    return new ChunkSlice(0, new float[samples], new double[0]);
  }
}
