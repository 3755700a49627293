package io.rvcbeam.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.beam.sdk.harness.JvmInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job's engine threads and DJL's offline mode reach a worker JVM before models load. */
class WorkerEnvironmentTest {

  private static final List<String> PROPERTIES = List.of(
      WorkerEnvironment.THREADS, WorkerEnvironment.INTEROP_THREADS, WorkerEnvironment.OFFLINE);
  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void clear() {
    for (String name : PROPERTIES) {
      saved.put(name, System.getProperty(name));
      System.clearProperty(name);
    }
  }

  @AfterEach
  void restore() {
    saved.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }

  @Test
  void givenAFreshWorker_setsTheJobsThreadsAndOffline() {
    new WorkerEnvironment(3).apply(Map.of(), "cpu");

    assertEquals("3", System.getProperty(WorkerEnvironment.THREADS));
    assertEquals("1", System.getProperty(WorkerEnvironment.INTEROP_THREADS));
    assertEquals("true", System.getProperty(WorkerEnvironment.OFFLINE));
  }

  @Test
  void givenAWorkerStartedWithItsOwnValues_keepsThem() {
    System.setProperty(WorkerEnvironment.THREADS, "2");
    System.setProperty(WorkerEnvironment.OFFLINE, "false");

    new WorkerEnvironment(3).apply(Map.of(), "cpu");

    assertEquals("2", System.getProperty(WorkerEnvironment.THREADS));
    assertEquals("false", System.getProperty(WorkerEnvironment.OFFLINE));
  }

  @Test
  void givenNoThreadCount_leavesLibtorchsChoice() {
    WorkerEnvironment.DEFAULT.apply(Map.of(), "cpu");

    assertNull(System.getProperty(WorkerEnvironment.THREADS));
  }

  @Test
  void theJobCarriesItsEngineThreadsToTheWorkers() {
    Job job = Job.load(Path.of("pipelines/sample-catalogue.yaml"),
        Map.of("engineThreads", "3", "preset", "cpu"), Map.of(), () -> 0);

    assertEquals(new WorkerEnvironment(3), job.plan().worker());
  }

  @Test
  void theJvmInitializerIsRegisteredForBeamHarnesses() {
    boolean found = ServiceLoader.load(JvmInitializer.class).stream()
        .anyMatch(p -> p.type() == WorkerJvmInitializer.class);
    assertTrue(found, "META-INF/services lists no WorkerJvmInitializer");

    new WorkerJvmInitializer().onStartup();
    assertEquals("true", System.getProperty(WorkerEnvironment.OFFLINE));
  }
}
