package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rvcbeam.Golden;
import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.pipeline.FakeGcsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rvc-beam run} on a catalogue in a bucket: the manifest, songs, a stem and the real (tiny)
 * models are read from gs://, outputs, report and dead letters written to gs://, all through
 * Beam's own GCS file system pointed at a {@link FakeGcsServer} that answers 503 to the first
 * attempt of some calls. The bytes equal a local run of the same catalogue, and a second run
 * after one song is added to the bucket converts only that song.
 */
class GcsCatalogueTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "rvc-test";
  private static final List<String> MODELS =
      List.of("tiny_v2_40k_f0.pth", "added_IVF5_Flat_nprobe_1_tiny_v2.index",
          "tiny_v2_32k_f0.pth", "rmvpe_tiny.pt", "contentvec_tiny/config.json",
          "contentvec_tiny/pytorch_model.bin");
  private static final String HEADER = "input,output,voice,instrumental,instrumentalGain\n";
  private static final String FIRST_ROWS =
      "songs/a1.wav,,voice_a,,\n"
          + "songs/b1.wav,,voice_b,stems/b1.wav,0.5\n"
          + "songs/a2.wav,,,,\n"
          + "songs/gone.wav,,voice_b,,\n";
  private static final String NEW_ROW = "songs/b2.wav,,voice_b,,\n";

  @TempDir Path tmp;

  private FakeGcsServer gcs;
  private String cacheBefore;

  @BeforeEach
  void start() throws IOException {
    gcs = new FakeGcsServer(2);
    gcs.createBucket(BUCKET);
    cacheBefore = System.getProperty("rvc.modelCache");
    System.setProperty("rvc.modelCache", tmp.resolve("model-cache").toString());
  }

  @AfterEach
  void stop() {
    gcs.close();
    if (cacheBefore == null) {
      System.clearProperty("rvc.modelCache");
    } else {
      System.setProperty("rvc.modelCache", cacheBefore);
    }
  }

  @Test
  void givenACatalogueInABucket_writesTheLocalBytesThereAndASecondRunConvertsOnlyTheNewSong()
      throws Exception {
    // The catalogue as files: a local copy, and the same tree in the bucket (less the new song).
    Path local = Files.createDirectories(tmp.resolve("local"));
    song(local, "catalogue/songs/a1.wav", 2.0, 44100, 2, 1);
    song(local, "catalogue/songs/b1.wav", 1.5, 16000, 1, 2);
    song(local, "catalogue/songs/a2.wav", 1.2, 48000, 1, 3);
    song(local, "catalogue/songs/b2.wav", 1.0, 22050, 2, 4);
    song(local, "catalogue/stems/b1.wav", 1.5, 32000, 2, 5);
    for (String model : MODELS) {
      Path target = Files.createDirectories(local.resolve("models/" + model).getParent())
          .resolve(Path.of(model).getFileName());
      Files.copy(Golden.path("models/" + model), target);
    }
    Files.writeString(local.resolve("catalogue/songs.csv"), HEADER + FIRST_ROWS + NEW_ROW);
    try (Stream<Path> files = Files.walk(local)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String name = local.relativize(file).toString();
        if (!name.equals("catalogue/songs/b2.wav") && !name.equals("catalogue/songs.csv")) {
          gcs.put(BUCKET, name, Files.readAllBytes(file));
        }
      }
    }
    gcs.put(BUCKET, "catalogue/songs.csv", (HEADER + FIRST_ROWS).getBytes(StandardCharsets.UTF_8));
    gcs.failFirstAttempt(call -> call.startsWith("media:" + BUCKET + "/catalogue/")
        || call.startsWith("list:") || call.startsWith("rewrite:")
        || call.startsWith("upload:"));

    // The local run: the reference bytes.
    Path localJob = job("local.yaml", local.resolve("catalogue/songs.csv").toString(),
        local.resolve("models").toString(), tmp.resolve("out-local").toString());
    assertEquals(0, run(localJob).code());

    // The bucket run: every path a gs:// one, served by Beam's GCS file system.
    Path gcsJob = job("gcs.yaml", "gs://" + BUCKET + "/catalogue/songs.csv",
        "gs://" + BUCKET + "/models", "gs://" + BUCKET + "/out");
    Result first = run(gcsJob, "--gcsEndpoint=" + gcs.endpoint(),
        "--credentialFactoryClass="
            + "org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory");
    assertEquals(0, first.code(), first.err());

    assertEquals(List.of("a1.wav", "a2.wav", "b1.wav"), outputNames());
    for (String name : outputNames()) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("out-local/" + name)),
          gcs.get(BUCKET, "out/" + name), name + ": gs:// run vs local run");
    }
    assertEquals(
        Map.of("a1", "converted", "a2", "converted", "b1", "converted", "gone", "failed"),
        statuses(gcsText("out/report.jsonl")));
    List<JsonNode> letters = jsonLines(gcsText("out/dead-letters.jsonl"));
    assertEquals(1, letters.size(), letters.toString());
    assertEquals("DecodeAudio", letters.get(0).get("stage").asText());
    assertTrue(letters.get(0).get("reason").asText()
        .contains("gs://" + BUCKET + "/catalogue/songs/gone.wav"), letters.toString());
    JsonNode summary = JSON.readTree(gcsText("out/summary.json"));
    assertEquals(3, summary.get("converted").asInt(), summary.toString());
    assertEquals(1, summary.get("failed").asInt(), summary.toString());
    // Every kind of call got a 503 first and was retried: none of it reached a dead letter.
    for (String kind : List.of("media:", "list:", "upload:", "rewrite:")) {
      assertTrue(gcs.failedCalls().stream().anyMatch(c -> c.startsWith(kind)),
          kind + " " + gcs.failedCalls());
    }
    assertEquals(List.of(), gcs.names(BUCKET, "out/").stream()
        .filter(n -> n.contains(".partial-")).toList(), "no partial objects left");

    // A nightly run over the grown bucket: one more song in it and in the manifest.
    gcs.put(BUCKET, "catalogue/songs/b2.wav",
        Files.readAllBytes(local.resolve("catalogue/songs/b2.wav")));
    gcs.put(BUCKET, "catalogue/songs.csv",
        (HEADER + FIRST_ROWS + NEW_ROW).getBytes(StandardCharsets.UTF_8));
    byte[] a1Before = gcs.get(BUCKET, "out/a1.wav");
    int downloadsBefore = modelDownloads();
    Result second = run(gcsJob, "--gcsEndpoint=" + gcs.endpoint(),
        "--credentialFactoryClass="
            + "org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory");
    assertEquals(0, second.code(), second.err());

    assertEquals(
        Map.of("a1", "skipped", "a2", "skipped", "b1", "skipped", "b2", "converted",
            "gone", "failed"),
        statuses(gcsText("out/report.jsonl")));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("out-local/b2.wav")),
        gcs.get(BUCKET, "out/b2.wav"), "b2: gs:// run vs local run");
    assertArrayEquals(a1Before, gcs.get(BUCKET, "out/a1.wav"));
    // Each model file was downloaded once, into the worker's cache, over both runs.
    assertEquals(MODELS.size(), downloadsBefore);
    assertEquals(downloadsBefore, modelDownloads());
  }

  private record Result(int code, String out, String err) {}

  private Result run(Path job, String... runnerArgs) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RunCommand(Map.of(), () -> 0));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of(job.toString(), "--progressSeconds=0"));
    args.addAll(List.of(runnerArgs));
    int code = cli.execute(args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private Path job(String name, String manifest, String models, String output)
      throws IOException {
    return Files.writeString(tmp.resolve(name), """
        catalogue: {manifest: %s}
        voices:
          voice_a: {model: %s/tiny_v2_40k_f0.pth, index: %s/added_IVF5_Flat_nprobe_1_tiny_v2.index}
          voice_b: {model: %s/tiny_v2_32k_f0.pth}
        models: {embedder: %s/contentvec_tiny, pitchModel: %s/rmvpe_tiny.pt}
        settings: {voice: voice_a}
        output: {location: %s}
        optimisation: {preset: cpu, batchSize: 2}
        runner: {options: {targetParallelism: 2}}
        """.formatted(manifest, models, models, models, models, models, output));
  }

  private static void song(Path root, String name, double seconds, int rate, int channels,
      int seed) throws IOException {
    int n = (int) (seconds * rate);
    float[][] ch = new float[channels][n];
    double f = 140 + 31 * seed;
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        double t = (double) i / rate;
        double gate = (t % 0.7) < 0.5 ? 1 : 0;
        ch[c][i] = (float) (gate * 0.3 * (Math.sin(2 * Math.PI * f * t)
            + 0.3 * Math.sin(4 * Math.PI * f * t)) * (1 - 0.25 * c));
      }
    }
    Path file = Files.createDirectories(root.resolve(name).getParent())
        .resolve(Path.of(name).getFileName());
    AudioEncoder.write(new PcmAudio(rate, ch), file, AudioFormat.WAV_PCM16);
  }

  private List<String> outputNames() {
    return gcs.names(BUCKET, "out/").stream()
        .filter(n -> n.endsWith(".wav"))
        .map(n -> n.substring("out/".length()))
        .toList();
  }

  /** Successful media downloads of model objects. */
  private int modelDownloads() {
    return (int) gcs.calls().stream()
        .filter(c -> c.startsWith("GET /download/storage/v1/b/" + BUCKET + "/o/models%2F")
            && c.contains("alt=media"))
        .count();
  }

  private String gcsText(String name) {
    byte[] bytes = gcs.get(BUCKET, name);
    assertNotNull(bytes, "gs://" + BUCKET + "/" + name);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Map<String, String> statuses(String report) throws IOException {
    Map<String, String> status = new TreeMap<>();
    for (JsonNode line : jsonLines(report)) {
      status.put(line.get("songId").asText(), line.get("status").asText());
    }
    return status;
  }

  private static List<JsonNode> jsonLines(String text) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }
}
