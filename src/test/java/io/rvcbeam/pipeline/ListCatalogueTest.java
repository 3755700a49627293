package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.job.CatalogueSource;
import io.rvcbeam.pipeline.job.JobFileException;
import io.rvcbeam.pipeline.job.OutputFormat;
import io.rvcbeam.pipeline.report.Progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue listed on the workers: bad rows become dead letters, the rest converts. */
class ListCatalogueTest {

  @TempDir Path tmp;

  private CatalogueSource source(String glob, String manifest, Path out) {
    return new CatalogueSource(glob, manifest, TestCatalogue.settings(), "voice_a",
        out.toString(), new OutputFormat("wav", "pcm16"));
  }

  @Test
  void givenAManifestWithBadRows_eachIsADeadLetterAndTheGoodSongsConvert() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    for (String id : List.of("one", "two", "three", "four")) {
      FakeAudioFile.writeSong(c.songs.resolve(id + ".fake"), 0.6, 16000, 1, id.hashCode());
    }
    Path manifest = Files.writeString(c.root.resolve("songs.csv"), """
        input,output,voice,pitch
        songs/one.fake,,,
        songs/two.fake,,voice_b,-2
        songs/three.fake,,tenor,
        songs/four.fake,,,high
        songs/one.fake,same,,
        songs/two.fake,same,,
        """);
    Path out = tmp.resolve("out");

    PipelineResult.State state =
        CataloguePipeline.run(c.plan(out, 2), source(null, manifest.toString(), out), false,
                new FakeComponents(), TestCatalogue.directOptions())
            .waitUntilFinish();

    assertEquals(PipelineResult.State.DONE, state);
    Map<String, String> reasons = new TreeMap<>();
    for (JsonNode l : CataloguePipelineTest.jsonLines(out.resolve(WriteReport.DEAD_LETTERS))) {
      assertEquals("SelectSongs", l.get("stage").asText(), l.toString());
      reasons.merge(l.get("songId").asText(), l.get("reason").asText(), (a, b) -> a + " | " + b);
    }
    assertEquals(List.of("four", "same", "three"), new ArrayList<>(reasons.keySet()));
    assertTrue(reasons.get("three").contains("unknown voice 'tenor'"), reasons.toString());
    assertTrue(reasons.get("four").contains("'high' is not a number"), reasons.toString());
    // One report line per song id: the clash's line names both rows' inputs.
    assertTrue(reasons.get("same").contains("two songs would write")
        && reasons.get("same").contains("one.fake") && reasons.get("same").contains("two.fake"),
        "both clashing rows fail: " + reasons);
    assertEquals(List.of("one.wav", "two.wav"),
        new ArrayList<>(CataloguePipelineTest.outputs(out).keySet()));
    assertEquals(6, Progress.snapshot().songs(), "songs counted as they were listed");
  }

  @Test
  void givenAGlob_listsOnTheWorkersAndResumes() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    c.song("a", 0.5, 16000, 1, "voice_a");
    c.song("b", 0.7, 44100, 2, "voice_a");
    Path out = tmp.resolve("out");
    CatalogueSource glob = source(c.songs.resolve("*.fake").toString(), null, out);
    CataloguePipeline.run(c.plan(out, 2), glob, false, new FakeComponents(),
        TestCatalogue.directOptions()).waitUntilFinish();
    byte[] a = Files.readAllBytes(out.resolve("a.wav"));

    c.song("c", 0.4, 16000, 1, "voice_a");
    CataloguePipeline.run(c.plan(out, 2), glob, false, new FakeComponents(),
        TestCatalogue.directOptions()).waitUntilFinish();

    Map<String, String> status = new TreeMap<>();
    for (JsonNode line : CataloguePipelineTest.jsonLines(out.resolve(WriteReport.REPORT))) {
      status.put(line.get("songId").asText(), line.get("status").asText());
    }
    assertEquals(Map.of("a", "skipped", "b", "skipped", "c", "converted"), status);
    assertEquals(List.of("a.wav", "b.wav", "c.wav"),
        new ArrayList<>(CataloguePipelineTest.outputs(out).keySet()));
    assertTrue(java.util.Arrays.equals(a, Files.readAllBytes(out.resolve("a.wav"))));
  }

  @Test
  void givenAGlobThatMatchesNothing_theRunFailsNamingIt() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    Path out = tmp.resolve("out");
    String pattern = c.songs.resolve("*.flac").toString();

    Exception e = assertThrows(Exception.class, () -> CataloguePipeline.run(c.plan(out, 2),
        source(pattern, null, out), false, new FakeComponents(), TestCatalogue.directOptions())
        .waitUntilFinish());

    Throwable cause = e;
    while (cause != null && !(cause instanceof JobFileException)) {
      cause = cause.getCause();
    }
    assertTrue(cause != null && cause.getMessage().contains(pattern + " matches no file"),
        String.valueOf(e));
  }
}
