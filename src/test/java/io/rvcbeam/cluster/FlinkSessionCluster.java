package io.rvcbeam.cluster;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink session cluster in two child JVMs on this machine, a JobManager and a TaskManager,
 * started from the Flink jars Maven resolved (Maven Central serves no flink-dist for 1.19, so the
 * class path stands in for a distribution's lib/ folder). It is set up as
 * deploy/flink/session-cluster.sh sets up a real one: Flink and its own libraries, plus the DJL,
 * JNA and JavaCPP/FFmpeg jars loaded parent-first (a native library loads into one class loader
 * per JVM, so jobs after the first need them there). No Beam or rvc-beam class is on it: a job
 * runs with what its submitted jar carries. Closing kills both processes and their children.
 */
final class FlinkSessionCluster implements AutoCloseable {

  /** Jars of a Flink distribution's lib/: Flink itself and what flink-runtime depends on. */
  private static final List<String> DIST_JARS =
      List.of(
          "/org/apache/flink/", "/commons-cli/", "/commons-io/", "/commons-collections/",
          "/org/apache/commons/", "/org/xerial/snappy/", "/org/lz4/", "/org/javassist/",
          "/tools/profiler/", "/com/esotericsoftware/", "/org/objenesis/", "/com/twitter/",
          "/org/snakeyaml/", "/com/google/code/findbugs/", "/org/slf4j/",
          // the native-library jars, as deploy/flink/session-cluster.sh adds them
          "/ai/djl/", "/net/java/dev/jna/", "/org/bytedeco/");

  private final Path dir;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();
  private final Thread killOnExit;

  private FlinkSessionCluster(Path dir, int restPort) {
    this.dir = dir;
    this.restPort = restPort;
    this.killOnExit = new Thread(this::kill, "kill-flink-cluster");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts the JobManager and a TaskManager with {@code slots} slots and waits until the
   * TaskManager has registered.
   */
  static FlinkSessionCluster start(Path dir, int slots, Duration timeout) throws Exception {
    Files.createDirectories(dir);
    int restPort = freePort();
    FlinkSessionCluster cluster = new FlinkSessionCluster(dir, restPort);
    try {
      Path conf = Files.createDirectories(dir.resolve("conf"));
      Files.writeString(conf.resolve("flink-conf.yaml"), config(dir, restPort, freePort(), slots));
      String classPath = distClassPath();
      cluster.spawn("jobmanager", classPath, List.of("-Xms256m", "-Xmx512m",
          "-XX:MaxMetaspaceSize=256m"),
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", conf);
      // Heap = framework heap 128m + task heap 768m; direct = framework and task off-heap and
      // network (128m + 256m + 128m; Beam's batch shuffles at parallelism 2 ask for 512
      // network buffers of 32 KiB); the same sizes are in the configuration.
      cluster.spawn("taskmanager", classPath, List.of("-Xms256m", "-Xmx896m",
          "-XX:MaxDirectMemorySize=512m", "-XX:MaxMetaspaceSize=384m"),
          "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", conf);
      cluster.awaitSlots(slots, timeout);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code host:port} of the REST endpoint, what {@code --flinkMaster} takes. */
  String master() {
    return "localhost:" + restPort;
  }

  /** How many jobs the cluster has run to FINISHED. */
  int finishedJobs() {
    String overview = get("/jobs/overview");
    return overview.split("\"state\":\"FINISHED\"", -1).length - 1;
  }

  /** The last lines of both processes' logs, for a failure message. */
  String logTail() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("jobmanager", "taskmanager")) {
      Path log = dir.resolve(name + ".log");
      out.append("---- ").append(name).append(" (").append(log).append(")\n");
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines.subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      } catch (IOException e) {
        out.append("(no log: ").append(e.getMessage()).append(")\n");
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it kills the same processes
    }
  }

  private synchronized void kill() {
    for (Process process : processes) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    for (Process process : processes) {
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void spawn(String name, String classPath, List<String> jvm, String main, Path conf)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    command.add("-cp");
    command.add(classPath);
    command.add(main);
    command.add("--configDir");
    command.add(conf.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(dir.resolve(name + ".log").toFile());
    processes.add(builder.start());
  }

  private void awaitSlots(int slots, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "a Flink process exited with " + process.exitValue() + "\n" + logTail());
        }
      }
      body = get("/overview");
      if (body.contains("\"slots-total\":" + slots)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the Flink cluster did not offer " + slots + " slots within " + timeout + " (last /overview: "
            + body + ")\n" + logTail());
  }

  private String get(String path) {
    try {
      HttpURLConnection http =
          (HttpURLConnection) URI.create("http://localhost:" + restPort + path).toURL()
              .openConnection();
      http.setConnectTimeout(1000);
      http.setReadTimeout(2000);
      try (var in = http.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } finally {
        http.disconnect();
      }
    } catch (IOException notYet) {
      return "";
    }
  }

  private static String config(Path dir, int restPort, int rpcPort, int slots) throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    return String.join("\n",
        "jobmanager.rpc.address: localhost",
        "jobmanager.rpc.port: " + rpcPort,
        "jobmanager.bind-host: localhost",
        "rest.address: localhost",
        "rest.bind-address: localhost",
        "rest.port: " + restPort,
        "taskmanager.host: localhost",
        "taskmanager.bind-host: localhost",
        "taskmanager.numberOfTaskSlots: " + slots,
        // The start scripts compute these; a TaskManager started directly needs them all.
        "taskmanager.cpu.cores: " + slots,
        "jobmanager.memory.process.size: 1024m",
        "taskmanager.memory.framework.heap.size: 128m",
        "taskmanager.memory.task.heap.size: 768m",
        "taskmanager.memory.framework.off-heap.size: 128m",
        "taskmanager.memory.task.off-heap.size: 256m",
        "taskmanager.memory.managed.size: 256m",
        "taskmanager.memory.network.min: 128m",
        "taskmanager.memory.network.max: 128m",
        "taskmanager.memory.jvm-metaspace.size: 384m",
        "taskmanager.memory.jvm-overhead.min: 192m",
        "taskmanager.memory.jvm-overhead.max: 192m",
        // Beam's own advice for its runner: DoFns hold libraries that outlive a job.
        "classloader.check-leaked-classloader: false",
        "classloader.parent-first-patterns.additional: ai.djl.;com.sun.jna.;org.bytedeco.",
        "io.tmp.dirs: " + tmp,
        "");
  }

  /** The Flink distribution's jars out of this JVM's class path (see {@link #DIST_JARS}). */
  static String distClassPath() {
    List<String> jars =
        // Surefire and failsafe start tests from a manifest-only jar and put the real class path
        // in this property.
        Stream.of(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
            .filter(p -> p.endsWith(".jar"))
            .filter(p -> DIST_JARS.stream().anyMatch(p.replace('\\', '/')::contains))
            .collect(Collectors.toList());
    if (jars.stream().noneMatch(j -> j.contains("flink-runtime"))) {
      throw new IllegalStateException("flink-runtime is not on the test class path");
    }
    return String.join(File.pathSeparator, jars);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
