package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.storage.WorkFolder;
import io.rvcbeam.pipeline.storage.WorkKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rvcbeam.cli.RunCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real crash: {@code rvc-beam run} in a child JVM, killed with {@code kill -9} once at least
 * half of the catalogue's chunks are durable, then run again. The rerun converts exactly the
 * chunks that were not durable, writes the bytes of an uninterrupted run, and leaves no work or
 * partial file. While the child runs, a second run on its output folder is refused.
 */
class CrashResumeTest {

  private static final int SONGS = 8;
  private static final int CHUNKS_PER_SONG = 6; // 3 s at 16 kHz in FakeComponents' 0.5 s chunks
  private static final int TOTAL = SONGS * CHUNKS_PER_SONG;

  @TempDir Path tmp;

  private Path job() throws IOException {
    Path models = Files.createDirectories(tmp.resolve("models"));
    Files.writeString(models.resolve("voice_a.pth"), "rate=32000\ngain=0.5\n");
    Files.writeString(models.resolve("voice_a.index"), "width=768\n");
    Files.writeString(models.resolve("contentvec"), "width=768\n");
    Files.writeString(models.resolve("rmvpe.pt"), "kind=rmvpe\n");
    for (int i = 0; i < SONGS; i++) {
      FakeAudioFile.writeSong(tmp.resolve("songs/song" + i + ".fake"), 3.0, 16000, 1, i);
    }
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

  @Test
  void givenAKillAtHalfTheChunks_theRerunConvertsOnlyWhatWasInFlightAndWritesTheSameBytes()
      throws Exception {
    Path job = job();
    Path out = tmp.resolve("out");
    String[] run = {job.toString(), "--progressSeconds=0", "--targetParallelism=2"};
    Result clean = run(append(run, "--outputLocation=" + tmp.resolve("clean")));
    assertEquals(0, clean.code(), clean.err());

    Process child = startChild(job, run);
    int durableAtKill;
    try {
      waitFor(() -> Files.exists(out.resolve(WorkFolder.NAME).resolve("lock.json")), child);
      Result refused = run(run);
      assertEquals(2, refused.code(), refused.err());
      List<String> lines = refused.err().strip().lines().toList();
      assertTrue(lines.get(lines.size() - 1).startsWith("rvc-beam run: output location " + out
          + " is in use by another run"), refused.err());
      assertEquals(1, lines.stream().filter(l -> l.startsWith("rvc-beam run:")).count(),
          refused.err());

      waitFor(() -> durableChunks(out) >= TOTAL / 2, child);
      new ProcessBuilder("kill", "-9", String.valueOf(child.pid())).start().waitFor();
      child.waitFor();
    } finally {
      child.destroyForcibly();
    }
    durableAtKill = durableChunks(out);

    assertTrue(durableAtKill >= TOTAL / 2 && durableAtKill < TOTAL,
        durableAtKill + " of " + TOTAL + " chunks durable at the kill");

    int convertedBefore = FakeComponents.CHUNKS_CONVERTED.get();
    Result rerun = run(run);
    int convertedByRerun = FakeComponents.CHUNKS_CONVERTED.get() - convertedBefore;

    assertEquals(0, rerun.code(), rerun.err());
    assertEquals(TOTAL - durableAtKill, convertedByRerun, "the rerun converts the chunks in flight");
    assertTrue(rerun.err().contains(convertedByRerun + " chunks converted"), rerun.err());
    for (int i = 0; i < SONGS; i++) {
      String name = "song" + i + ".wav";
      assertArrayEquals(Files.readAllBytes(tmp.resolve("clean").resolve(name)),
          Files.readAllBytes(out.resolve(name)), name);
    }
    List<String> left = CataloguePipelineTest.filesUnder(out);
    List<String> expected = new ArrayList<>(List.of("dead-letters.jsonl", "report.jsonl"));
    for (int i = 0; i < SONGS; i++) {
      expected.add("song" + i + ".wav");
    }
    expected.add("summary.json");
    assertEquals(expected, left, "no work, partial or lock file left");
    assertFalse(Files.exists(out.resolve(WorkFolder.NAME)), "no empty work folder left");
    JsonNode summary = new ObjectMapper().readTree(out.resolve(WriteReport.SUMMARY).toFile());
    assertEquals(SONGS, summary.get("songs").asInt());
    assertEquals(SONGS, summary.get("converted").asInt() + summary.get("convertedBefore").asInt());
    assertEquals(0, summary.get("failed").asInt());
    assertEquals(SONGS, CataloguePipelineTest.jsonLines(out.resolve(WriteReport.REPORT)).size());
  }

  /** Chunks of the catalogue that survive a crash: in written songs or in work files. */
  private static int durableChunks(Path out) {
    int durable = 0;
    for (int i = 0; i < SONGS; i++) {
      String id = "song" + i;
      if (Files.exists(out.resolve(id + ".wav"))) {
        durable += CHUNKS_PER_SONG;
        continue;
      }
      Path folder = out.resolve(WorkFolder.NAME).resolve("songs").resolve(WorkKey.folderName(id));
      try (Stream<Path> files = Files.list(folder)) {
        durable += (int) files.filter(p -> {
          String name = p.getFileName().toString();
          return name.startsWith("chunk-") && name.endsWith(".bin");
        }).count();
      } catch (IOException e) {
        // no folder yet, or deleted as the song was written: counted above next time
      }
    }
    return durable;
  }

  private Process startChild(Path job, String[] run) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-D" + FakeComponents.CHUNK_MILLIS + "=60",
        "-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "1"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "io.rvcbeam.cli.Main", "run"));
    command.addAll(List.of(run));
    return new ProcessBuilder(command)
        .directory(tmp.toFile())
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile())
        .start();
  }

  private void waitFor(java.util.function.BooleanSupplier condition, Process child)
      throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (!child.isAlive()) {
        throw new AssertionError("the child ended (" + child.exitValue() + ") too early:\n"
            + Files.readString(tmp.resolve("child.log")));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out:\n" + Files.readString(tmp.resolve("child.log")));
      }
      Thread.sleep(5);
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RunCommand(Map.of(), () -> 0));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static String[] append(String[] args, String more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = more;
    return all;
  }

}
