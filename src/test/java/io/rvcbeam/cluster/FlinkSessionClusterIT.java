package io.rvcbeam.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar submits the sample catalogue with {@code --runner=FlinkRunner
 * --flinkMaster=HOST:PORT} to a Flink session cluster running in separate processes, at
 * parallelism 2, and the cluster writes the bytes a DirectRunner run of the same jar writes; a
 * second job on the same TaskManager does too (native libraries already loaded by the first).
 */
class FlinkSessionClusterIT {

  private static final Path JOB = Path.of("pipelines", "sample-catalogue.yaml");

  @TempDir Path tmp;

  @Test
  void givenTheSampleCatalogue_aFlinkSessionClusterWritesTheDirectRunnersBytes() throws Exception {
    Path jar = Path.of(System.getProperty("rvc.runnableJar", "target/missing.jar"));
    assertTrue(Files.isRegularFile(jar), "the runnable jar is built by mvn package: " + jar);
    Path direct = tmp.resolve("direct");
    Path flink = tmp.resolve("flink");
    Path again = tmp.resolve("flink-again");

    Run directRun = launch(jar, direct, "--runner=DirectRunner");
    assertEquals(0, directRun.exit(), "DirectRunner run failed:\n" + directRun.output());

    try (FlinkSessionCluster cluster =
        FlinkSessionCluster.start(tmp.resolve("cluster"), 2, Duration.ofMinutes(3))) {
      Run flinkRun = launch(jar, flink, "--runner=FlinkRunner",
          "--flinkMaster=" + cluster.master(), "--parallelism=2");
      assertEquals(0, flinkRun.exit(),
          "Flink run failed:\n" + flinkRun.output() + "\n" + cluster.logTail());
      Run secondRun = launch(jar, again, "--runner=FlinkRunner",
          "--flinkMaster=" + cluster.master(), "--parallelism=2");
      assertEquals(0, secondRun.exit(),
          "second Flink job failed:\n" + secondRun.output() + "\n" + cluster.logTail());
      // The jobs ran on the cluster, not inside the launcher.
      assertEquals(2, cluster.finishedJobs(), cluster.logTail());
    }

    Map<String, byte[]> expected = outputs(direct);
    Map<String, byte[]> actual = outputs(flink);
    assertEquals(
        List.of("ballad_voice_a.wav", "chant_voice_b.wav", "lullaby_voice_a.wav",
            "march_voice_b.wav"),
        List.copyOf(expected.keySet()));
    assertEquals(expected.keySet(), actual.keySet());
    assertEquals(expected.keySet(), outputs(again).keySet());
    for (String name : expected.keySet()) {
      assertArrayEquals(expected.get(name), actual.get(name), name);
      assertArrayEquals(expected.get(name), outputs(again).get(name), "second job: " + name);
    }
    assertEquals(4, Files.readAllLines(flink.resolve("report.jsonl")).size());
  }

  private record Run(int exit, String output) {}

  /** {@code java -jar JAR run JOB --outputLocation=OUT ARGS…}, at most 10 minutes. */
  private Run launch(Path jar, Path output, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(),
        "run", JOB.toString(), "--outputLocation=" + output, "--progressSeconds=0"));
    command.addAll(List.of(args));
    Path log = tmp.resolve(output.getFileName() + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        return new Run(-1, "timed out\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static Map<String, byte[]> outputs(Path dir) throws IOException {
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
}
