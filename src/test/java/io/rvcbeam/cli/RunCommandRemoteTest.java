package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.pipeline.job.DataflowPreflight;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run} with a runner on other machines: Dataflow's pre-check, the workers' GPUs. */
class RunCommandRemoteTest {

  @TempDir Path tmp;

  private static final IntSupplier NO_LAUNCHER_GPU_COUNT = () -> {
    throw new AssertionError("a remote run must not count the launcher's GPUs");
  };

  private Path job() throws Exception {
    Files.createDirectories(tmp.resolve("models"));
    return Files.writeString(
        tmp.resolve("job.yaml"),
        """
        catalogue: {glob: songs/*.fake}
        voices:
          voice_a: {model: models/voice_a.pth}
        models: {embedder: models/contentvec, pitchModel: models/rmvpe.pt}
        output: {location: out}
        runner: {components: io.rvcbeam.pipeline.FakeComponents}
        """);
  }

  private record Result(int code, String out, String err) {}

  private Result run(DataflowPreflight.Probe probe, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RunCommand(Map.of(), NO_LAUNCHER_GPU_COUNT, probe));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void givenDataflowWithNoNetwork_failsInSecondsWithOneLine() throws Exception {
    Path job = job();
    DataflowPreflight.Probe offline = new DataflowPreflight.Probe() {
      @Override
      public void reach(String host, Duration timeout) throws IOException {
        throw new UnknownHostException(host + ": Temporary failure in name resolution");
      }

      @Override
      public void credentials() {}
    };

    Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run(offline,
        job.toString(), "--runner=DataflowRunner", "--project=p", "--region=us-central1",
        "--tempLocation=gs://bucket/tmp", "--preset=cpu"));

    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("rvc-beam run: DataflowRunner: cannot reach"
        + " dataflow.googleapis.com"), r.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void givenARemoteFlinkAndPresetNvidia_theWorkersGpusAreTakenOnTrust() throws Exception {
    Result r = run(null, "--explain", job().toString(), "--runner=FlinkRunner",
        "--flinkMaster=flink-jobmanager:8081", "--preset=nvidia");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*device\\s+= gpu\\s+preset nvidia.*"), r.out());
  }

  @Test
  void givenARemoteRunnerAndPresetAuto_cpuWithAWarning() throws Exception {
    Result r = run(null, "--explain", job().toString(), "--runner=DataflowRunner");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*device\\s+= cpu\\s+preset auto -> cpu.*"), r.out());
    assertTrue(r.err().contains("--preset=nvidia for GPU workers"), r.err());
  }
}
