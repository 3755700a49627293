package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.AudioCoders;
import io.rvcbeam.pipeline.coders.DeadLetterCoder;
import io.rvcbeam.pipeline.job.JobPlan;
import io.rvcbeam.pipeline.job.WorkerEnvironment;
import io.rvcbeam.pipeline.parts.ConversionComponents;
import io.rvcbeam.pipeline.report.SongReport;
import io.rvcbeam.pipeline.storage.WorkFolder;
import io.rvcbeam.pipeline.storage.WorkKey;
import io.rvcbeam.pipeline.report.StageTimes;
import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.values.ConvertedChunk;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.SongAudio;
import io.rvcbeam.pipeline.values.SongContext;
import io.rvcbeam.pipeline.values.Stage;
import io.rvcbeam.pipeline.values.StitchedSong;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.convert.BatchPlan;
import io.rvcbeam.convert.OptimizationConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DoFns serialize, coders round-trip, stitching demands every chunk. */
class StageFnsTest {

  private static final Song SONG =
      new Song("s", "/in/s.wav", "/out/s.wav", "voice_a", null, TestCatalogue.settings());

  @Test
  void everyDoFnSerializes() {
    ConversionComponents c = new FakeComponents();
    OptimizationConfig opt =
        OptimizationConfig.of("cpu", false, 2, false, false, null, false, 0, new ArrayList<>());
    JobPlan plan = new TestCataloguePlan().plan;
    SerializableUtils.ensureSerializable(new DecodeAudio.DecodeFn(c.decoder()));
    SerializableUtils.ensureSerializable(new ConditionInput.ConditionInputFn(c.highPass(opt), c.planner(opt)));
    SerializableUtils.ensureSerializable(
        new EstimatePitch.EstimatePitchFn(
            c.pitchTracker(plan.models(), opt), new WorkerEnvironment(2)));
    SerializableUtils.ensureSerializable(
        new SplitIntoChunks.SplitFn(c.planner(opt), c.stitcher(), WorkKey.of(plan), "/out"));
    SerializableUtils.ensureSerializable(
        new ConvertChunks.KeyByVoiceFn(BatchPlan.of(opt.chunking(), opt.batchSize())));
    SerializableUtils.ensureSerializable(
        new ConvertChunks.ConvertBatchFn(plan.voices(), c.chunkConverters(plan.models(), opt),
            WorkKey.of(plan), "/out", new WorkerEnvironment(2)));
    SerializableUtils.ensureSerializable(new StitchSong.StitchFn(c.stitcher(), c.decoder(), "/out"));
    SerializableUtils.ensureSerializable(
        new WriteAudio.WriteFn(c.writer(), plan.format(), true));
    SerializableUtils.ensureSerializable(new WriteReport.WriteReportFn("/out", 0));
  }

  @Test
  void codersRoundTrip() throws Exception {
    SongAudio decoded = SongAudio.decoded(SONG, new double[] {0.5, -0.25}, 44100, 2,
        StageTimes.none().plus(Stage.DECODE_AUDIO, 42), null);
    SongAudio decodedBack = roundTrip(AudioCoders.songAudio(), decoded);
    assertEquals(SONG, decodedBack.song());
    assertArrayEquals(decoded.decoded16k(), decodedBack.decoded16k());
    assertNull(decodedBack.filtered16k());
    assertNull(decodedBack.cuts());
    assertNull(decodedBack.f0());
    assertEquals(decoded.times(), decodedBack.times());
    SongAudio audio = decoded
        .withConditioned(new float[] {0.25f, -0.5f}, new int[] {1}, Stage.CONDITION_INPUT, 7)
        .withPitch(new double[] {100}, Stage.ESTIMATE_PITCH, 9);
    SongAudio back = roundTrip(AudioCoders.songAudio(), audio);
    assertNull(back.decoded16k());
    assertArrayEquals(audio.filtered16k(), back.filtered16k());
    assertArrayEquals(new int[] {1}, back.cuts());
    assertArrayEquals(audio.f0(), back.f0());
    assertEquals(audio.times(), back.times());
    assertEquals(44100, back.originalRate());
    assertEquals(2, back.originalChannels());
    SongContext context =
        roundTrip(AudioCoders.songContext(),
            new SongContext(SONG, 2.5, new double[] {0.1, 0.2}, StageTimes.none()));
    assertArrayEquals(new double[] {0.1, 0.2}, context.sourceEnvelope());
    assertNull(roundTrip(AudioCoders.songContext(),
        new SongContext(SONG, 2.5, null, StageTimes.none())).sourceEnvelope());

    float[] big = new float[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (float) Math.sin(i);
    }
    Chunk chunk = new Chunk(SONG, 3, 5, 1234, big, new double[] {1, 2}, 98_765);
    Chunk chunkBack = roundTrip(AudioCoders.chunk(), chunk);
    assertArrayEquals(big, chunkBack.samples());
    assertEquals(3, chunkBack.index());
    assertEquals(98_765, chunkBack.songShare());

    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("title", "Über ☃");
    tags.put("lyrics", "la ".repeat(30_000)); // longer than writeUTF's 64 kB
    assertEquals(tags, roundTrip(AudioCoders.songAudio(),
        SongAudio.decoded(SONG, new double[] {1}, 1, 1, StageTimes.none(), tags)).tags());
    assertEquals(tags, roundTrip(AudioCoders.songContext(),
        new SongContext(SONG, 2.5, null, StageTimes.none(), tags)).tags());
    assertEquals(tags, roundTrip(AudioCoders.stitchedSong(),
        new StitchedSong(SONG, new float[] {1f}, 32000, 1.0, StageTimes.none(), tags)).tags());

    DeadLetter letter = new DeadLetter("s", "/in/s.wav", Stage.CONVERT_CHUNKS, "why");
    ConvertedChunk failed = roundTrip(AudioCoders.convertedChunk(),
        ConvertedChunk.failed(chunk, letter));
    assertEquals(letter, failed.failure());
  }

  @Test
  void aFailureCarriesItsStackTrace_throughTheStageCoderAndAFailedChunk() throws Exception {
    Exception cause = new IllegalStateException("bad tensor\nsecond line",
        new java.io.IOException("disk"));
    DeadLetter letter = DeadLetter.of(SONG, Stage.CONVERT_CHUNKS, "chunk 2 of 3", cause);
    assertEquals("chunk 2 of 3: IllegalStateException: bad tensor second line"
        + " (caused by IOException: disk)", letter.reason());
    assertTrue(letter.stackTrace().startsWith(
        "java.lang.IllegalStateException: bad tensor\nsecond line\n\tat "), letter.stackTrace());
    assertTrue(letter.stackTrace().contains("Caused by: java.io.IOException: disk"));
    assertTrue(letter.stackTrace().contains(getClass().getName()));
    // What called this project's code (here JUnit, in a job the runner) is left out, so the
    // dead letters are the same bytes on every runner.
    assertTrue(letter.stackTrace().contains("\t... runner frames left out\n"), letter.stackTrace());
    assertTrue(!letter.stackTrace().contains("org.junit"), letter.stackTrace());

    assertEquals(letter, roundTrip(DeadLetterCoder.of(), letter));
    Chunk chunk = new Chunk(SONG, 2, 3, 0, new float[] {1f}, new double[] {0}, 1);
    assertEquals(letter, roundTrip(AudioCoders.convertedChunk(),
        ConvertedChunk.failed(chunk, letter)).failure());
    assertArrayEquals(CoderUtils.encodeToByteArray(DeadLetterCoder.of(), letter),
        CoderUtils.encodeToByteArray(DeadLetterCoder.of(), roundTrip(DeadLetterCoder.of(), letter)));

    SongReport line = SongReport.failed(letter);
    assertEquals(letter.stackTrace(), line.stackTrace());
    assertNull(line.withoutStackTrace().stackTrace());
    assertEquals(line.reason(), line.withoutStackTrace().reason());
  }

  @Test
  void aLongStackTraceIsCut_andAFailureWithoutExceptionHasNone() {
    Exception deep = new RuntimeException("x".repeat(DeadLetter.MAX_TRACE_CHARS * 2));
    assertEquals(DeadLetter.MAX_TRACE_CHARS + 1,
        DeadLetter.of(SONG, Stage.DECODE_AUDIO, deep).stackTrace().length());
    DeadLetter row = new DeadLetter("s", "in", Stage.SELECT_SONGS, "bad row");
    assertEquals("", row.stackTrace());
    assertNull(SongReport.failed(row).stackTrace());
  }

  @Test
  void stitchingNamesAChunkThatDoesNotFitItsSong() {
    ConvertedChunk chunk = new ConvertedChunk("s", 1, 3, new float[4], 40000, 0, null);
    assertNull(StitchSong.StitchFn.mismatch(chunk, 1, 3, 40000, 4));
    assertEquals("the file of chunk 2 of 3 holds chunk 1 of 3",
        StitchSong.StitchFn.mismatch(chunk, 2, 3, 40000, 4));
    assertEquals("the file of chunk 1 of 4 holds chunk 1 of 3",
        StitchSong.StitchFn.mismatch(chunk, 1, 4, 40000, 4));
    assertEquals("chunks at different rates: 32000 and 40000",
        StitchSong.StitchFn.mismatch(chunk, 1, 3, 32000, 4));
    assertEquals("chunk 1 of 3 holds more samples than its file's first bytes said",
        StitchSong.StitchFn.mismatch(chunk, 1, 3, 40000, 3));
  }

  @Test
  void aSavedChunksLength_isReadFromItsFirstBytes(@TempDir Path dir) throws Exception {
    WorkFolder work = new WorkFolder(dir.toString());
    float[] audio = new float[123_457];
    work.writeChunk("k", new ConvertedChunk("s", 2, 5, audio, 40000, 7, null));
    assertEquals(123_457, work.chunkSamples("s", "k", 2, 5));
    assertArrayEquals(audio, work.readChunk("s", "k", 2, 5).audio());
  }

  @Test
  void reportMerge_oneLinePerSong_skippedSongsKeepTheConvertingRunsDurations() {
    SongReport converted = new SongReport("a", SongReport.Status.converted, "in/a", "out/a", null,
        null, null, 10.0, 10.0, 4.0, 0.4, null);
    SongReport failed = SongReport.failed(new DeadLetter("a", "in/a", Stage.STITCH_SONG, "x"));
    SongReport skipped = new SongReport("b", SongReport.Status.skipped, "in/b", "out/b", null,
        null, null, null, null, null, null, null);
    SongReport earlierB = new SongReport("b", SongReport.Status.converted, "in/b", "out/b", null,
        null, null, 7.0, 7.0, 3.0, 0.43, null);

    List<SongReport> merged = WriteReport.WriteReportFn.merge(
        List.of(failed, converted, skipped), new java.util.HashMap<>(java.util.Map.of("b",
            earlierB)));

    assertEquals(List.of(converted, earlierB.asSkipped()), merged);
    assertEquals(3.0, merged.get(1).wallSeconds());
  }

  private static <T> T roundTrip(Coder<T> coder, T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    coder.encode(value, bytes);
    return coder.decode(new ByteArrayInputStream(bytes.toByteArray()));
  }

  /** A plan without files (serialization only). */
  private static final class TestCataloguePlan {
    final JobPlan plan;

    TestCataloguePlan() {
      try {
        plan = new TestCatalogue(java.nio.file.Files.createTempDirectory("plan")).plan(
            Path.of("/out"), 2);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
