package io.rvcbeam.pipeline.job;

import io.rvcbeam.pipeline.coders.SongCoder;
import io.rvcbeam.pipeline.values.Song;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTest {

  @TempDir Path tmp;

  static final String JOB =
      """
      catalogue:
        manifest: songs.csv
      voices:
        alto: {model: models/alto.pth, index: models/alto.index}
        bass: {model: models/bass.pth}
      models:
        embedder: models/contentvec
        pitchModel: models/rmvpe.pt
      settings:
        voice: alto
        pitch: 2
      output:
        location: out
        format: flac
      optimisation:
        preset: cpu
        batchSize: 4
      runner:
        name: DirectRunner
        options: {targetParallelism: 3}
      """;

  private Path write(String name, String text) throws Exception {
    Path file = tmp.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void givenAJob_resolvesRelativePathsAgainstItsFolder() throws Exception {
    Path job = write("jobs/job.yaml", JOB);

    Job loaded = Job.load(job, Map.of(), Map.of(), () -> 0);

    Path dir = tmp.resolve("jobs");
    assertEquals(dir.resolve("models/alto.pth").toString(),
        loaded.plan().voice("alto").modelUri());
    assertNull(loaded.plan().voice("bass").indexUri());
    assertEquals(dir.resolve("models/rmvpe.pt").toString(),
        loaded.plan().models().pitchModelUri());
    assertEquals(dir.resolve("out").toString(), loaded.plan().outputLocation());
    assertEquals(4, loaded.plan().optimization().batchSize());
    assertEquals("flac", loaded.plan().format().container());
    assertEquals(Map.of("targetParallelism", "3"), loaded.runnerOptions());
  }

  @Test
  void givenAManifest_listsSongsWithTheirOverrides() throws Exception {
    Path job = write("jobs/job.yaml", JOB);
    write("jobs/songs.csv",
        """
        input,output,voice,pitch,instrumental,instrumentalGain
        a/one.wav,,,,,
        two.flac,second,bass,-3,stems/two.wav,0.5
        """);

    List<Song> songs = Job.load(job, Map.of(), Map.of(), () -> 0).listSongs();

    Path dir = tmp.resolve("jobs");
    assertEquals(2, songs.size());
    Song one = songs.get(0);
    assertEquals("one", one.id());
    assertEquals(dir.resolve("a/one.wav").toString(), one.inputUri());
    assertEquals(dir.resolve("out/one.flac").toString(), one.outputUri());
    assertEquals("alto", one.voice());
    assertEquals(2.0, one.settings().pitch());
    assertNull(one.instrumentalUri());
    Song two = songs.get(1);
    assertEquals("second", two.id());
    assertEquals("bass", two.voice());
    assertEquals(-3.0, two.settings().pitch());
    assertEquals(dir.resolve("stems/two.wav").toString(), two.instrumentalUri());
    assertEquals(0.5, two.settings().instrumentalGain());
  }

  @Test
  void givenAnOutOfRangeSetting_theJobFailsWhenItLoads_namingTheKeyAndTheRange()
      throws Exception {
    Path job =
        write("job.yaml", JOB.replace("  pitch: 2\n", "  pitch: 2\n  protect: 0.7\n"));

    JobFileException e =
        assertThrows(JobFileException.class, () -> Job.load(job, Map.of(), Map.of(), () -> 0));

    assertEquals(
        "setting protect from job file job.yaml (settings.protect): '0.7' is outside 0..0.5",
        e.getMessage());
    Path fractional = write("job2.yaml", JOB.replace("pitch: 2", "pitch: 2.5"));
    e = assertThrows(JobFileException.class,
        () -> Job.load(fractional, Map.of(), Map.of(), () -> 0));
    assertTrue(e.getMessage().endsWith(
        "(settings.pitch): '2.5' is not a whole number"), e.getMessage());
  }

  @Test
  void songCoder_roundTripsEveryField() throws Exception {
    Song song = new Song("id", "/in/a.wav", "/out/a.wav", "alto", "/stems/a.wav",
        io.rvcbeam.convert.ConversionSettings.defaults().withPitch(-3).withIndexRate(0.5)
            .withProtect(0.2).withRmsMixRate(0.25).withSid(2).withAutotune(true, 0.5)
            .withProposedPitch(true, 255)
            .withNoise(io.rvcbeam.convert.ConversionSettings.Noise.ZERO, 9)
            .withGains(0.8, 0.6));

    assertEquals(song, org.apache.beam.sdk.util.CoderUtils.clone(SongCoder.of(), song));
  }

  @Test
  void givenASpreadsheetManifest_withAByteOrderMarkCrlfAndQuotedCells_readsEveryRow()
      throws Exception {
    Path job = write("job.yaml", JOB);
    // As a spreadsheet saves "CSV UTF-8": a BOM, CRLF, quotes around cells with commas/quotes.
    write("songs.csv", "\uFEFFinput,output,pitch\r\n\"Live, Vol. 1.wav\",\"the \"\"best\"\" take\","
        + " -2 \r\n\r\nb.wav,,\r\n");

    List<Song> songs = Job.load(job, Map.of(), Map.of(), () -> 0).listSongs();

    assertEquals(2, songs.size());
    assertEquals(tmp.resolve("Live, Vol. 1.wav").toString(), songs.get(0).inputUri());
    assertEquals("the \"best\" take", songs.get(0).id());
    assertEquals(-2.0, songs.get(0).settings().pitch());
    assertEquals("b", songs.get(1).id());

    Path unclosed = write("bad.csv", "input,pitch\na.wav,1\n\"b.wav,2\n");
    Path job2 = write("job2.yaml", JOB.replace("songs.csv", "bad.csv"));
    JobFileException e = assertThrows(JobFileException.class,
        () -> Job.load(job2, Map.of(), Map.of(), () -> 0).listSongs());
    assertTrue(e.getMessage().startsWith(unclosed + " line "), e.getMessage());
  }

  @Test
  void givenAGlob_listsMatchingFilesSorted() throws Exception {
    Path job = write("job.yaml", JOB.replace("manifest: songs.csv", "glob: songs/*.wav"));
    write("songs/b.wav", "x");
    write("songs/a.wav", "x");
    write("songs/c.txt", "x");

    List<Song> songs = Job.load(job, Map.of(), Map.of(), () -> 0).listSongs();

    assertEquals(List.of("a", "b"), songs.stream().map(Song::id).toList());
  }

  @Test
  void givenAnUnknownKey_theErrorNamesTheKeyAndTheFile() throws Exception {
    Path job = write("job.yaml", JOB.replace("batchSize: 4", "batchsize: 4"));
    JobFileException e =
        assertThrows(JobFileException.class, () -> Job.load(job, Map.of(), Map.of(), () -> 0));
    assertTrue(e.getMessage().contains("optimisation.batchsize"), e.getMessage());
    assertTrue(e.getMessage().contains(job.toString()), e.getMessage());

    Path typo = write("typo.yaml", JOB.replace("pitchModel:", "pitchModle:"));
    e = assertThrows(JobFileException.class, () -> Job.load(typo, Map.of(), Map.of(), () -> 0));
    assertTrue(e.getMessage().contains("models.pitchModle"), e.getMessage());
    assertTrue(e.getMessage().contains("typo.yaml"), e.getMessage());

    Path section = write("section.yaml", JOB + "extra: 1\n");
    e = assertThrows(JobFileException.class,
        () -> Job.load(section, Map.of(), Map.of(), () -> 0));
    assertTrue(e.getMessage().contains("'extra'"), e.getMessage());
  }

  @Test
  void givenAnUnknownManifestColumn_theErrorNamesIt() throws Exception {
    Path job = write("job.yaml", JOB);
    write("songs.csv", "input,pitchh\na.wav,1\n");
    JobFileException e =
        assertThrows(JobFileException.class,
            () -> Job.load(job, Map.of(), Map.of(), () -> 0).listSongs());
    assertTrue(e.getMessage().contains("pitchh"), e.getMessage());
  }

  @Test
  void givenAManifestRowWithAnUnknownVoiceOrABadValue_theErrorNamesTheManifestAndTheLine()
      throws Exception {
    Path job = write("job.yaml", JOB);
    Path csv = write("songs.csv", "input,voice\n# a comment\na.wav,bass\n\nb.wav,tenor\n");
    JobFileException e =
        assertThrows(JobFileException.class,
            () -> Job.load(job, Map.of(), Map.of(), () -> 0).listSongs());
    assertTrue(e.getMessage().startsWith(csv + " line 5: song "), e.getMessage());
    assertTrue(e.getMessage().contains("unknown voice 'tenor'; voices: [alto, bass]"),
        e.getMessage());

    Path jsonl = write("songs.jsonl", "{\"input\": \"a.wav\"}\n{\"input\": \"b.wav\","
        + " \"indexRate\": 2}\n");
    Path job2 = write("job2.yaml", JOB.replace("songs.csv", "songs.jsonl"));
    e = assertThrows(JobFileException.class,
        () -> Job.load(job2, Map.of(), Map.of(), () -> 0).listSongs());
    assertTrue(e.getMessage().startsWith(jsonl + " line 2: indexRate must be within 0..1, got 2"),
        e.getMessage());
  }

  @Test
  void explain_printsEveryValueWithItsSource() throws Exception {
    Path job = write("job.yaml", JOB);

    String text =
        Job.load(job, Map.of("pitch", "-1"), Map.of("RVC_PROFILING", "true"), () -> 0).explain();

    assertTrue(text.matches("(?s).*pitch\\s+= -1\\s+flag --pitch.*"), text);
    assertTrue(text.matches("(?s).*batchSize\\s+= 4\\s+job file job.yaml \\(optimisation.batchSize\\).*"), text);
    assertTrue(text.matches("(?s).*profiling\\s+= true\\s+environment RVC_PROFILING.*"), text);
    assertTrue(text.matches("(?s).*gpuFilter\\s+= false\\s+preset cpu.*"), text);
    assertTrue(text.matches("(?s).*protect\\s+= 0.33\\s+default.*"), text);
    for (Setting setting : Settings.all()) {
      assertTrue(text.contains(setting.name() + " "), setting.name());
    }
    // The derived plan reads as lines, not as Java record dumps.
    assertTrue(text.matches("(?s).*\n  networks\\s+cpu, fp32, 4 chunks per batch\n.*"), text);
    assertTrue(text.contains("FAISS-compatible search on the CPU"), text);
    assertTrue(text.contains("cut every 38 s (quiet point within 6 s), 1 s context each side,"
        + " songs up to 41 s in one piece"), text);
    assertTrue(text.matches("(?s).*\n  profiling\\s+on\n.*"), text);
    assertTrue(text.matches("(?s).*\n  embedder\\s+\\S+.*"), text);
    assertFalse(text.matches("(?s).*\\w+\\[\\w+=.*"), "a record's toString: " + text);
  }

  @Test
  void theSampleJob_isValid() {
    Path sample = Path.of("pipelines/sample-catalogue.yaml");

    Job job = Job.load(sample, Map.of(), Map.of(), () -> 0);

    assertEquals(2, job.plan().voices().size());
    assertEquals("cpu", job.plan().optimization().device());
    assertTrue(job.plan().models().pitchModelUri().endsWith("sample-data/models/rmvpe.pt"));
    assertEquals("DirectRunner", job.runner());
  }
}
