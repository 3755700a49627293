package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.job.OutputLocationException;
import io.rvcbeam.pipeline.parts.ModelLoadException;
import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.storage.RunLock;
import io.rvcbeam.pipeline.storage.WorkFolder;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.convert.ConversionSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CataloguePipelineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private TestCatalogue sixSongsTwoVoices() throws IOException {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    c.song("s1", 1.3, 44100, 2, "voice_a");
    c.song("s2", 0.6, 16000, 1, "voice_b");
    c.song("s3", 2.1, 48000, 2, "voice_a");
    c.song("s4", 1.0, 22050, 1, "voice_b");
    c.song("s5", 1.7, 44100, 1, "voice_a");
    c.song("s6", 0.9, 32000, 2, "voice_b");
    return c;
  }

  @Test
  void givenSixSongsTwoVoices_batchedAndUnbatchedOutputsAreByteIdentical() throws Exception {
    TestCatalogue c = sixSongsTwoVoices();
    Path batched = tmp.resolve("batched");
    Path single = tmp.resolve("single");

    assertEquals(PipelineResult.State.DONE, c.convert(batched, 4, false));
    assertEquals(PipelineResult.State.DONE, c.convert(single, 1, false));

    Map<String, byte[]> a = outputs(batched);
    Map<String, byte[]> b = outputs(single);
    assertEquals(List.of("s1.wav", "s2.wav", "s3.wav", "s4.wav", "s5.wav", "s6.wav"),
        new ArrayList<>(a.keySet()));
    assertEquals(a.keySet(), b.keySet());
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name), b.get(name), name);
    }
    // voice_b outputs at 48 kHz, voice_a at 32 kHz: 0.6 s -> 28800 samples after 44-byte header.
    assertEquals(44 + 2 * 28800, a.get("s2.wav").length);
    List<JsonNode> report = jsonLines(batched.resolve(WriteReport.REPORT));
    assertEquals(6, report.size());
    for (JsonNode line : report) {
      assertEquals("converted", line.get("status").asText());
      assertTrue(line.get("stageSeconds").has("ConvertChunks"), line.toString());
    }
    assertEquals("", Files.readString(batched.resolve(WriteReport.DEAD_LETTERS)));
    JsonNode summary = JSON.readTree(batched.resolve(WriteReport.SUMMARY).toFile());
    assertEquals(6, summary.get("converted").asInt());
    assertEquals(0, summary.get("failed").asInt());
  }

  @Test
  void givenOneLongSong_itsChunksConvertOnEveryRunnerThreadAtOnce() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    c.song("long", 6.0, 16000, 1, "voice_a"); // 12 chunks of the fake planner
    FakeComponents.MOST_IN_FLIGHT.set(0);
    System.setProperty(FakeComponents.CHUNK_MILLIS, "300");
    try {
      assertEquals(PipelineResult.State.DONE, c.convert(tmp.resolve("out"), 2, false));
    } finally {
      System.clearProperty(FakeComponents.CHUNK_MILLIS);
    }
    // The DirectRunner has 2 threads (TestCatalogue.directOptions): both convert this song.
    assertEquals(2, FakeComponents.MOST_IN_FLIGHT.get());
  }

  @Test
  void givenBadSongsAndVoice_writesOneDeadLetterEachAndConvertsTheRest() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    c.voice("voice_narrow", "rate=32000\ngain=1\n", "width=256\n");
    c.song("good1", 1.2, 44100, 2, "voice_a");
    c.song("good2", 0.8, 16000, 1, "voice_b");
    c.song("good [3]", 1.1, 48000, 1, "voice_a");
    c.song("corrupt", Files.write(c.songs.resolve("corrupt.mp3"), "not audio at all".getBytes()),
        "voice_a");
    c.song("empty", Files.write(c.songs.resolve("empty.wav"), new byte[0]), "voice_b");
    c.song("narrow", 1.0, 44100, 1, "voice_narrow");
    c.song("missing", c.songs.resolve("missing.wav"), "voice_a");
    Path out = tmp.resolve("out");

    assertEquals(PipelineResult.State.DONE, c.convert(out, 4, false));

    Map<String, JsonNode> letters = new TreeMap<>();
    for (JsonNode letter : jsonLines(out.resolve(WriteReport.DEAD_LETTERS))) {
      letters.put(letter.get("songId").asText(), letter);
    }
    assertEquals(List.of("corrupt", "empty", "missing", "narrow"),
        new ArrayList<>(letters.keySet()));
    assertLetter(letters.get("corrupt"), "DecodeAudio", "Invalid data found");
    assertLetter(letters.get("empty"), "DecodeAudio", "empty.wav: file is empty (0 bytes)");
    assertLetter(letters.get("missing"), "DecodeAudio", "input not found");
    assertLetter(letters.get("narrow"), "CheckVoices", "voice 'voice_narrow'");
    assertLetter(letters.get("narrow"), "CheckVoices", "voice_narrow.index.txt: index vectors are 256");
    assertTrue(letters.get("missing").get("input").asText().endsWith("missing.wav"));
    // An exception's failure keeps its stack trace in the dead letters, not in report.jsonl.
    String trace = letters.get("corrupt").get("stackTrace").asText();
    assertTrue(trace.contains("Invalid data found") && trace.contains("\tat io.rvcbeam."), trace);
    assertNull(letters.get("narrow").get("stackTrace"), "a reason without an exception");
    for (JsonNode line : jsonLines(out.resolve(WriteReport.REPORT))) {
      assertNull(line.get("stackTrace"), line.toString());
    }
    assertEquals(List.of("good [3].wav", "good1.wav", "good2.wav"),
        new ArrayList<>(outputs(out).keySet()));
    JsonNode summary = JSON.readTree(out.resolve(WriteReport.SUMMARY).toFile());
    assertEquals(3, summary.get("converted").asInt());
    assertEquals(4, summary.get("failed").asInt());
  }

  @Test
  void givenOneOutputDeletedAndALeftoverPartialFile_rerunConvertsOnlyThatSongIdentically()
      throws Exception {
    TestCatalogue c = sixSongsTwoVoices();
    Path out = tmp.resolve("out");
    c.convert(out, 4, false);
    Map<String, byte[]> first = outputs(out);
    Files.delete(out.resolve("s3.wav"));
    Files.write(out.resolve("s3.wav.partial-crashed"), new byte[] {1, 2, 3});
    Files.write(out.resolve("s5.wav.partial-crashed"), new byte[] {4, 5});

    assertEquals(PipelineResult.State.DONE, c.convert(out, 4, false));

    Map<String, String> status = new TreeMap<>();
    for (JsonNode line : jsonLines(out.resolve(WriteReport.REPORT))) {
      status.put(line.get("songId").asText(), line.get("status").asText());
    }
    assertEquals(
        Map.of("s1", "skipped", "s2", "skipped", "s3", "converted", "s4", "skipped",
            "s5", "skipped", "s6", "skipped"),
        status);
    Map<String, byte[]> second = outputs(out);
    assertEquals(List.of("dead-letters.jsonl", "report.jsonl", "s1.wav", "s2.wav", "s3.wav",
        "s4.wav", "s5.wav", "s6.wav", "summary.json"), filesUnder(out),
        "partial files of the dead run removed, no work files left");
    assertEquals(first.keySet(), second.keySet());
    for (String name : first.keySet()) {
      assertArrayEquals(first.get(name), second.get(name), name);
    }
  }

  @Test
  void givenAChunkThatThrowsOrNaNOutput_onlyThatSongFailsAndStemsMixIn() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    c.voice("voice_nan", "rate=32000\ngain=-1\n", null);
    c.song("explode", 1.2, 16000, 1, "voice_a");
    c.song("calm", 1.2, 16000, 1, "voice_a");
    c.song("nan", 0.5, 16000, 1, "voice_nan");
    c.song("tiny", FakeAudioFile.write(c.songs.resolve("tiny.fake"), 16000, 1, new float[10]),
        "voice_a");
    Path stem = FakeAudioFile.writeSong(c.songs.resolve("stem.fake"), 1.2, 16000, 1, 99);
    Song calm = c.catalogue.get(1);
    ConversionSettings noNoise =
        ConversionSettings.defaults().withNoise(ConversionSettings.Noise.ZERO, 7);
    c.catalogue.set(1, new Song(calm.id(), calm.inputUri(), calm.outputUri(), "voice_a",
        stem.toString(), noNoise.withGains(0.5, 0.25)));
    // Same input, no noise, no stem: differs from "calm" only by the stem.
    c.catalogue.add(new Song("calmNoStem", calm.inputUri(), "", "voice_a", null, noNoise));
    Path out = tmp.resolve("out");

    assertEquals(PipelineResult.State.DONE, c.convert(out, 4, false));

    Map<String, JsonNode> letters = new TreeMap<>();
    for (JsonNode letter : jsonLines(out.resolve(WriteReport.DEAD_LETTERS))) {
      letters.put(letter.get("songId").asText(), letter);
    }
    assertEquals(List.of("explode", "nan", "tiny"), new ArrayList<>(letters.keySet()));
    assertLetter(letters.get("explode"), "ConvertChunks", "synthesizer failed");
    assertLetter(letters.get("nan"), "ConvertChunks", "non-finite");
    assertLetter(letters.get("tiny"), "ConditionInput", "greater than padlen");
    Map<String, byte[]> written = outputs(out);
    assertEquals(List.of("calm.wav", "calmNoStem.wav"), new ArrayList<>(written.keySet()));
    assertEquals(written.get("calm.wav").length, written.get("calmNoStem.wav").length);
    assertTrue(!java.util.Arrays.equals(written.get("calm.wav"), written.get("calmNoStem.wav")),
        "the stem changed the mix");
  }

  @Test
  void givenATinyCatalogue_progressSawEveryChunkOfEverySong() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    c.song("long", 2.5, 16000, 1, "voice_a"); // 40000 samples: 5 chunks
    c.song("short", 0.6, 16000, 1, "voice_b"); // 9600: 2 chunks
    c.song("explode", 1.3, 16000, 1, "voice_a"); // 20800: 3 chunks, all fail
    c.song("tiny", FakeAudioFile.write(c.songs.resolve("tiny.fake"), 16000, 1, new float[10]),
        "voice_a"); // fails before planning

    assertEquals(PipelineResult.State.DONE, c.convert(tmp.resolve("out"), 2, false));

    Progress.Snapshot s = Progress.snapshot();
    assertEquals(4, s.doneSongs());
    assertEquals(2, s.converted());
    assertEquals(2, s.failed());
    assertEquals(1, s.failedUnplanned());
    assertEquals(3, s.plannedSongs());
    assertEquals(40000 + 9600 + 20800, s.plannedSamples());
    assertEquals(40000 + 9600, s.convertedSamples());
    assertEquals(20800, s.failedSamples());
    assertEquals(100.0, s.percentOfPlanned(), 1e-9);
    assertTrue(s.line(60).contains("4/4 songs (2 converted, 0 skipped, 2 failed), 0.1/0.1 min"
        + " of audio (100%), elapsed 1m00s, ETA 0s"), s.line(60));
  }

  @Test
  void givenOverwrite_reconvertsEverySong() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    c.song("s1", 0.5, 16000, 1, "voice_a");
    Path out = tmp.resolve("out");
    c.convert(out, 2, false);
    Files.write(out.resolve("s1.wav"), new byte[] {9});

    c.convert(out, 2, true);

    assertEquals(44 + 2 * 16000, Files.size(out.resolve("s1.wav")));
  }

  @Test
  void givenASharedModelThatCannotLoad_failsBeforeAnySongIsDecoded() throws Exception {
    TestCatalogue c = sixSongsTwoVoices();
    Files.writeString(c.models.resolve("rmvpe.txt"), "corrupt");
    int decodedBefore = FakeComponents.DECODED.get();

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> c.convert(tmp.resolve("out"), 4, false));

    assertTrue(e.getMessage().contains("rmvpe.txt"), e.getMessage());
    assertEquals(decodedBefore, FakeComponents.DECODED.get());
    assertEquals(List.of(), filesUnder(tmp.resolve("out")), "no audio, report or lock left");
  }

  @Test
  void givenAVoiceThatCannotLoad_itsSongsAreDeadLettersNamingVoiceAndFile_theOthersConvert()
      throws Exception {
    TestCatalogue c = sixSongsTwoVoices();
    c.voice("voice_b", "corrupt", "width=768\n");
    Path out = tmp.resolve("out");

    assertEquals(PipelineResult.State.DONE, c.convert(out, 4, false));

    assertEquals(List.of("s1.wav", "s3.wav", "s5.wav"), new ArrayList<>(outputs(out).keySet()));
    List<JsonNode> letters = jsonLines(out.resolve(WriteReport.DEAD_LETTERS));
    assertEquals(List.of("s2", "s4", "s6"),
        letters.stream().map(l -> l.get("songId").asText()).toList());
    for (JsonNode letter : letters) {
      assertLetter(letter, "CheckVoices", "voice 'voice_b' cannot be used: ");
      assertLetter(letter, "CheckVoices", "voice_b.pth.txt");
    }
  }

  @Test
  void givenAnOutputLocationThatCannotBeWritten_failsBeforeAnyModelLoads() throws Exception {
    TestCatalogue c = sixSongsTwoVoices();
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    Path out = file.resolve("out");
    int loadsBefore = FakeComponents.VOICE_LOADS.get();
    int decodedBefore = FakeComponents.DECODED.get();

    OutputLocationException e =
        assertThrows(OutputLocationException.class, () -> c.convert(out, 4, false));

    assertTrue(e.getMessage().startsWith("output location " + out + " cannot be written: "),
        e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    assertEquals(loadsBefore, FakeComponents.VOICE_LOADS.get());
    assertEquals(decodedBefore, FakeComponents.DECODED.get());
  }

  @Test
  void givenALiveRunHoldingTheOutput_aSecondRunIsRefused_aDeadOneIsTakenOver() throws Exception {
    TestCatalogue c = sixSongsTwoVoices();
    Path out = tmp.resolve("out");
    try (RunLock live = RunLock.acquire(out.toString())) {
      OutputLocationException e =
          assertThrows(OutputLocationException.class, () -> c.convert(out, 4, false));
      assertTrue(e.getMessage().startsWith("output location " + out + " is in use by another"
          + " run (host "), e.getMessage());
      assertEquals(Map.of(), outputs(out));
    }
    // A lock of a process of this host that is gone (kill -9) is stale at once.
    Path lock = Files.createDirectories(out.resolve(WorkFolder.NAME)).resolve("lock.json");
    Files.writeString(lock, "{\"runId\":\"dead\",\"host\":\""
        + java.net.InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + deadPid()
        + ",\"heartbeatMillis\":" + System.currentTimeMillis() + "}");

    assertEquals(PipelineResult.State.DONE, c.convert(out, 4, false));

    assertEquals(6, outputs(out).size());
    assertEquals(List.of(), filesUnder(out.resolve(WorkFolder.NAME)), "lock given back");
  }

  @Test
  void givenAResume_theReportCoversTheWholeCatalogueWithEarlierDurations() throws Exception {
    TestCatalogue c = sixSongsTwoVoices();
    Path out = tmp.resolve("out");
    c.convert(out, 4, false);
    Map<String, JsonNode> first = new TreeMap<>();
    for (JsonNode line : jsonLines(out.resolve(WriteReport.REPORT))) {
      first.put(line.get("songId").asText(), line);
    }
    Files.delete(out.resolve("s3.wav"));
    Files.delete(out.resolve("s4.wav"));

    c.convert(out, 4, false);

    List<JsonNode> report = jsonLines(out.resolve(WriteReport.REPORT));
    assertEquals(6, report.size());
    for (JsonNode line : report) {
      String id = line.get("songId").asText();
      boolean redone = id.equals("s3") || id.equals("s4");
      assertEquals(redone ? "converted" : "skipped", line.get("status").asText(), id);
      if (!redone) {
        assertEquals(first.get(id).get("wallSeconds"), line.get("wallSeconds"), id);
      }
    }
    JsonNode summary = JSON.readTree(out.resolve(WriteReport.SUMMARY).toFile());
    assertEquals(6, summary.get("songs").asInt());
    assertEquals(2, summary.get("converted").asInt());
    assertEquals(4, summary.get("convertedBefore").asInt());
    assertTrue(summary.get("hoursOfAudioBefore").asDouble() > 0, summary.toString());
  }

  /** A process id that is not running on this host. */
  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  static List<String> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
          .toList();
    }
  }

  private static void assertLetter(JsonNode letter, String stage, String reasonPart) {
    assertEquals(stage, letter.get("stage").asText(), letter.toString());
    assertTrue(letter.get("reason").asText().contains(reasonPart), letter.toString());
  }

  static Map<String, byte[]> outputs(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        if (p.getFileName().toString().endsWith(".wav")) {
          files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }
}
