package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.pipeline.FakeAudioFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

  @TempDir Path tmp;

  private Path job() throws Exception {
    Path models = Files.createDirectories(tmp.resolve("models"));
    Files.writeString(models.resolve("voice_a.pth"), "rate=32000\ngain=0.5\n");
    Files.writeString(models.resolve("voice_a.index"), "width=768\n");
    Files.writeString(models.resolve("contentvec"), "width=768\n");
    Files.writeString(models.resolve("rmvpe.pt"), "kind=rmvpe\n");
    FakeAudioFile.writeSong(tmp.resolve("songs/one.fake"), 0.8, 44100, 2, 1);
    FakeAudioFile.writeSong(tmp.resolve("songs/two.fake"), 0.5, 16000, 1, 2);
    return Files.writeString(
        tmp.resolve("job.yaml"),
        """
        catalogue: {glob: songs/*.fake}
        voices:
          voice_a: {model: models/voice_a.pth, index: models/voice_a.index}
        models: {embedder: models/contentvec, pitchModel: models/rmvpe.pt}
        output: {location: out}
        optimisation: {preset: cpu, batchSize: 2}
        runner: {components: io.rvcbeam.pipeline.FakeComponents}
        """);
  }

  private record Result(int code, String out, String err) {}

  private Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RunCommand(env, () -> 0));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void givenAJob_convertsItAndPrintsTheSummary() throws Exception {
    Path job = job();

    Result r = run(Map.of(), job.toString(), "--progressSeconds=0", "--targetParallelism=1");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"converted\" : 2"), r.out());
    assertTrue(Files.exists(tmp.resolve("out/one.wav")));
    assertTrue(Files.exists(tmp.resolve("out/two.wav")));
  }

  @Test
  void givenAnOutputLocationThatCannotBeWritten_oneLineNamingItAndExit2() throws Exception {
    Path job = job();
    Path blocked = Files.writeString(tmp.resolve("a-file"), "x").resolve("out");

    Result r = run(Map.of(), job.toString(), "--progressSeconds=0",
        "--outputLocation=" + blocked);

    assertEquals(2, r.code(), r.err());
    List<String> lines = r.err().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).startsWith(
        "rvc-beam run: output location " + blocked + " cannot be written: "), r.err());
    assertEquals(1, lines.stream().filter(l -> l.startsWith("rvc-beam run:")).count(), r.err());
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ")), r.err());
  }

  @Test
  void explain_showsFlagJobEnvironmentPresetAndDefaultSources() throws Exception {
    Path job = job();

    Result r =
        run(Map.of("RVC_BATCH_SIZE", "16", "RVC_PITCH", "3", "RVC_USE_FP16", "true"),
            "--explain", job.toString(), "--protect=0.2");

    assertEquals(0, r.code(), r.err());
    String out = r.out();
    assertTrue(out.matches("(?s).*protect\\s+= 0.2\\s+flag --protect.*"), out);
    assertTrue(out.matches("(?s).*batchSize\\s+= 2\\s+job file.*"), out);
    assertTrue(out.matches("(?s).*pitch\\s+= 3\\s+environment RVC_PITCH.*"), out);
    assertTrue(out.matches("(?s).*device\\s+= cpu\\s+preset cpu.*"), out);
    assertTrue(out.matches("(?s).*indexRate\\s+= 0.3\\s+default.*"), out);
    assertTrue(out.contains("warning: useFp16 ignored on the CPU"), out);
    assertTrue(Files.notExists(tmp.resolve("out")));
  }

  @Test
  void givenABadJobFile_exitsWithTheMessage() throws Exception {
    Path job = job();
    Files.writeString(job, Files.readString(job).replace("batchSize", "batchSise"));

    Result r = run(Map.of(), job.toString());

    assertEquals(2, r.code());
    assertTrue(r.err().contains("optimisation.batchSise"), r.err());
  }

  @Test
  void givenAnUnknownRunnerOption_exitsNamingIt() throws Exception {
    Path job = job();

    Result r = run(Map.of(), job.toString(), "--noSuchOption=1");

    assertEquals(2, r.code());
    assertTrue(r.err().contains("noSuchOption"), r.err());
  }

  @Test
  void givenAGlobThatMatchesNothing_exitsWithOneLineNamingIt() throws Exception {
    Path job = job();
    Files.writeString(job, Files.readString(job).replace("songs/*.fake", "songs/*.flac"));

    Result r = run(Map.of(), job.toString(), "--progressSeconds=0");

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("rvc-beam run: the catalogue glob ")
        && r.err().contains("songs/*.flac matches no file"), r.err());
  }

  @Test
  void givenAMissingManifest_exitsBeforeTheJobStarts() throws Exception {
    Path job = job();
    Files.writeString(job, Files.readString(job).replace("glob: songs/*.fake", "manifest: no.csv"));

    Result r = run(Map.of(), job.toString(), "--progressSeconds=0");

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("the manifest " + tmp.resolve("no.csv") + " does not exist"),
        r.err());
  }
}
