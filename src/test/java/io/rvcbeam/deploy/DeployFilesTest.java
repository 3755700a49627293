package io.rvcbeam.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deploy scripts and manifests parse: shell with {@code bash -n} and, where installed,
 * ShellCheck; YAML (every document of a file) and JSON with Jackson; Kubernetes manifests name
 * their apiVersion and kind; each Dockerfile starts from an image.
 */
class DeployFilesTest {

  private static final Path DEPLOY = Path.of("deploy");
  /** Shell scripts outside deploy/ that ship with the project. */
  private static final List<Path> OTHER_SCRIPTS = List.of(Path.of("rvc-beam"), Path.of(".ci", "run"));

  private static List<Path> files(String suffix) throws IOException {
    try (Stream<Path> all = Files.walk(DEPLOY)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .sorted()
          .toList();
    }
  }

  private static List<Path> scripts() throws IOException {
    List<Path> scripts = new ArrayList<>(files(".sh"));
    scripts.addAll(OTHER_SCRIPTS);
    return scripts;
  }

  private record Result(int code, String output) {}

  private static Result exec(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out: " + output);
    }
    return new Result(process.exitValue(), output);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  @Test
  void everyShellScriptParsesWithBash() throws Exception {
    List<Path> scripts = scripts();
    assertTrue(scripts.size() >= 10, "deploy scripts found: " + scripts);
    for (Path script : scripts) {
      Result r = exec(List.of("bash", "-n", script.toString()));
      assertEquals(0, r.code(), script + ": " + r.output());
      assertTrue(Files.isExecutable(script), script + " is not executable");
    }
  }

  @Test
  void everyShellScriptPassesShellcheck() throws Exception {
    assumeTrue(onPath("shellcheck"),
        "SKIPPED: shellcheck is not installed (Debian: apt-get install shellcheck); bash -n ran");
    List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "-S", "style"));
    scripts().forEach(p -> command.add(p.toString()));
    Result r = exec(command);
    assertEquals(0, r.code(), r.output());
  }

  @Test
  void everyYamlDocumentParses_andKubernetesManifestsNameTheirKind() throws Exception {
    YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
    List<Path> files = new ArrayList<>(files(".yaml"));
    assertFalse(files.isEmpty());
    for (Path file : files) {
      List<JsonNode> documents = new ArrayList<>();
      try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
        it.forEachRemaining(documents::add);
      } catch (IOException e) {
        throw new AssertionError(file + ": " + e.getMessage(), e);
      }
      assertFalse(documents.isEmpty(), file + " holds no YAML document");
      if (file.startsWith(DEPLOY.resolve("flink").resolve("k8s"))) {
        for (JsonNode doc : documents) {
          assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind")
              && doc.path("metadata").hasNonNull("name"), file + ": not a Kubernetes object: " + doc);
        }
      }
    }
    // The ConfigMap's job file is itself a job file: it parses as YAML too.
    JsonNode configMap = yaml.readTree(DEPLOY.resolve("flink/k8s/job-file.yaml").toFile());
    assertTrue(yaml.readTree(configMap.path("data").path("nightly.yaml").asText())
        .has("catalogue"));
  }

  @Test
  void everyJsonFileParses() throws Exception {
    List<Path> files = files(".json");
    assertFalse(files.isEmpty());
    for (Path file : files) {
      try {
        new ObjectMapper().readTree(file.toFile());
      } catch (IOException e) {
        throw new AssertionError(file + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void everyDockerfileStartsFromAnImage() throws Exception {
    List<Path> dockerfiles = new ArrayList<>(files("Dockerfile"));
    assertTrue(dockerfiles.size() >= 4, "Dockerfiles found: " + dockerfiles);
    for (Path file : dockerfiles) {
      String first = Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .findFirst().orElse("");
      assertTrue(first.startsWith("FROM ") || first.startsWith("ARG "), file + ": " + first);
    }
  }
}
