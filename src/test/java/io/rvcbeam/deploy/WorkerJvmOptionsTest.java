package io.rvcbeam.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dataflow worker images give the SDK harness JVM the launcher's heap settings through a
 * Beam container meta-option ({@code /opt/apache/beam/options/option-*.json}), whose arguments
 * the Java container's boot appends after its own {@code -Xmx… -XX:+UseParallelGC …}.
 */
class WorkerJvmOptionsTest {

  private static final Path OPTION =
      Path.of("deploy", "dataflow", "beam-options", "option-rvc-beam-heap.json");

  /** What Beam's Java container boot passes before the meta-options' arguments. */
  private static final List<String> BOOT_ARGUMENTS = List.of("-Xmx512m", "-XX:+UseParallelGC",
      "-XX:+AlwaysActAsServerClassMachine", "-XX:-OmitStackTraceInFastThrow");

  private static List<String> optionArguments() throws IOException {
    JsonNode option = new ObjectMapper().readTree(OPTION.toFile());
    assertTrue(option.get("enabled").asBoolean(), "the meta-option must be enabled");
    List<String> arguments = new ArrayList<>();
    option.get("options").get("java_arguments").forEach(a -> arguments.add(a.asText()));
    return arguments;
  }

  /** The heap flags of the launcher's {@code heap=…} lines, less the heap size. */
  private static List<String> launcherHeapFlags() throws IOException {
    List<String> flags = new ArrayList<>();
    Matcher line = Pattern.compile("(?m)^\\s*heap=\"([^\"]*)\"").matcher(
        Files.readString(Path.of("rvc-beam")));
    while (line.find()) {
      for (String token : line.group(1).split("\\s+")) {
        if (token.startsWith("-X") && !token.startsWith("-Xmx")) {
          flags.add(token);
        }
      }
    }
    return flags;
  }

  @Test
  void optionCarriesEveryHeapFlagOfTheLauncher() throws IOException {
    List<String> launcher = launcherHeapFlags();
    assertTrue(launcher.contains("-XX:G1HeapRegionSize=32m")
        && launcher.contains("-XX:InitiatingHeapOccupancyPercent=15"), "parsed: " + launcher);
    List<String> option = optionArguments();
    for (String flag : launcher) {
      assertTrue(option.contains(flag), OPTION + " lacks the launcher's " + flag);
    }
  }

  @Test
  void everyDataflowWorkerImageInstallsTheOption() throws IOException {
    for (String image : List.of("worker-cpu.Dockerfile", "worker-gpu.Dockerfile")) {
      String dockerfile = Files.readString(Path.of("deploy", "dataflow", image));
      assertTrue(dockerfile.contains("COPY " + OPTION.toString().replace('\\', '/')
          + " /opt/apache/beam/options/"), image + " does not install " + OPTION);
    }
  }

  @Test
  void harnessJvmStartsWithG1AndTheLaunchersFlags_afterTheBootsOwnArguments() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(BOOT_ARGUMENTS);
    command.addAll(optionArguments());
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "java -version did not end");
    assertEquals(0, jvm.exitValue(), "the harness JVM would not start: " + out);
    assertEquals("true", finalValue(out, "UseG1GC"));
    assertEquals("false", finalValue(out, "UseParallelGC"));
    assertEquals("false", finalValue(out, "G1UseAdaptiveIHOP"));
    assertEquals("15", finalValue(out, "InitiatingHeapOccupancyPercent"));
    assertEquals(String.valueOf(32L << 20), finalValue(out, "G1HeapRegionSize"));
    assertEquals(String.valueOf(256L << 20), finalValue(out, "MaxNewSize"));
    assertEquals("30", finalValue(out, "MaxHeapFreeRatio"));
    assertEquals("10", finalValue(out, "MinHeapFreeRatio"));
  }

  /** A flag's value in {@code -XX:+PrintFlagsFinal} output ({@code type name = value {…}}). */
  private static String finalValue(String printFlagsFinal, String flag) {
    Matcher m = Pattern.compile("(?m)^\\s*\\S+\\s+" + flag + "\\s+=\\s+(\\S+)")
        .matcher(printFlagsFinal);
    assertTrue(m.find(), flag + " not in the JVM's flags");
    return m.group(1);
  }
}
