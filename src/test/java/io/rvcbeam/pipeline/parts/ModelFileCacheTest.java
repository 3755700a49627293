package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.FakeGcsServer;
import io.rvcbeam.pipeline.ModelFileCacheProcess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-machine copy of gs:// model files, against Beam's GCS file system and a fake server. */
class ModelFileCacheTest {

  @TempDir Path tmp;

  private FakeGcsServer gcs;

  @BeforeEach
  void start() throws Exception {
    gcs = new FakeGcsServer(100);
    gcs.createBucket("models");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.fromArgs(
        "--gcsEndpoint=" + gcs.endpoint(),
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory")
        .create());
  }

  @AfterEach
  void stop() {
    gcs.close();
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void givenEightThreadsAtOnce_theFileIsDownloadedOnceAndAllGetTheSameCopy() throws Exception {
    byte[] weights = randomBytes(3_000_000, 1);
    gcs.put("models", "voices/alto.pth", weights);
    gcs.failFirstAttempt(call -> call.startsWith("media:"));
    ModelFileCache cache = new ModelFileCache(tmp.resolve("cache"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Path>> copies = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Callable<Path> copy = () -> cache.file("gs://models/voices/alto.pth");
        copies.add(pool.submit(copy));
      }
      Path first = copies.get(0).get();
      for (Future<Path> copy : copies) {
        assertEquals(first, copy.get());
      }
      assertArrayEquals(weights, Files.readAllBytes(first));
      assertEquals("alto.pth", first.getFileName().toString());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, mediaDownloads("voices%2Falto.pth"), "one download (after one 503)");
    try (var left = Files.list(copies.get(0).get().getParent())) {
      assertFalse(left.anyMatch(p -> p.getFileName().toString().contains(".partial-")));
    }
  }

  @Test
  void givenTwoJvmsAtOnce_theFileIsDownloadedOnce() throws Exception {
    byte[] weights = randomBytes(500_000, 4);
    gcs.put("models", "voices/bass.pth", weights);
    gcs.delayMedia(1500); // both processes are inside the copy together
    Path root = tmp.resolve("cache");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp", System.getProperty("java.class.path"),
              ModelFileCacheProcess.class.getName(),
              gcs.endpoint(), root.toString(), "gs://models/voices/bass.pth")
          .redirectErrorStream(true)
          .start());
    }
    List<String> paths = new ArrayList<>();
    for (Process process : processes) {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.waitFor(), out);
      String[] lines = out.strip().split("\n");
      paths.add(lines[lines.length - 1]);
    }

    assertEquals(paths.get(0), paths.get(1));
    assertArrayEquals(weights, Files.readAllBytes(Path.of(paths.get(0))));
    assertEquals(1, mediaDownloads("voices%2Fbass.pth"));
  }

  @Test
  void givenAChangedSourceOrADamagedCopy_copiesAgain() throws Exception {
    gcs.put("models", "rmvpe.pt", "version 1".getBytes(StandardCharsets.UTF_8));
    ModelFileCache cache = new ModelFileCache(tmp.resolve("cache"));

    Path copy = cache.file("gs://models/rmvpe.pt");
    assertEquals(copy, new ModelFileCache(tmp.resolve("cache")).file("gs://models/rmvpe.pt"));
    assertEquals(1, mediaDownloads("rmvpe.pt"), "reused while the source is unchanged");

    gcs.put("models", "rmvpe.pt", "version 2!".getBytes(StandardCharsets.UTF_8));
    assertEquals("version 2!", Files.readString(cache.file("gs://models/rmvpe.pt")));
    assertEquals(2, mediaDownloads("rmvpe.pt"));

    Files.writeString(copy, "versi");
    assertEquals("version 2!", Files.readString(cache.file("gs://models/rmvpe.pt")));
    assertEquals(3, mediaDownloads("rmvpe.pt"));
  }

  @Test
  void givenAFolder_copiesTheFilesItHoldsAndDropsOnesNoLongerThere() throws Exception {
    gcs.put("models", "contentvec/config.json", "{}".getBytes(StandardCharsets.UTF_8));
    gcs.put("models", "contentvec/model.safetensors", randomBytes(1000, 2));
    ModelFileCache cache = new ModelFileCache(tmp.resolve("cache"));
    List<String> names = List.of("config.json", "pytorch_model.bin", "model.safetensors");

    Path folder = cache.folder("gs://models/contentvec/", names);
    assertTrue(Files.exists(folder.resolve("model.safetensors")));
    assertFalse(Files.exists(folder.resolve("pytorch_model.bin")));

    gcs.put("models", "contentvec/pytorch_model.bin", randomBytes(1000, 3));
    FileSystems.delete(List.of(FileSystems.matchNewResource(
        "gs://models/contentvec/model.safetensors", false)));
    folder = cache.folder("gs://models/contentvec/", names);
    assertTrue(Files.exists(folder.resolve("pytorch_model.bin")));
    assertFalse(Files.exists(folder.resolve("model.safetensors")));

    assertThrows(FileNotFoundException.class, () -> cache.file("gs://models/missing.pth"));
  }

  private int mediaDownloads(String encodedName) {
    return (int) gcs.calls().stream()
        .filter(c -> c.startsWith("GET /download/storage/v1/b/models/o/" + encodedName + "?")
            && c.contains("alt=media"))
        .count()
        - (int) gcs.failedCalls().stream().filter(c -> c.startsWith("media:")).count();
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
