package io.rvcbeam.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.junit.jupiter.api.Test;

class RunnerOptionsTest {

  @Test
  void directRunner_turnsChecksOffAndFitsThreadsToCores() {
    Map<String, String> args =
        RunnerOptions.arguments("DirectRunner", Map.of(), List.of(), 2, 16);

    assertEquals("false", args.get("enforceImmutability"));
    assertEquals("false", args.get("enforceEncodability"));
    assertEquals("8", args.get("targetParallelism"));
    DirectOptions options = RunnerOptions.create(args).as(DirectOptions.class);
    assertEquals(false, options.isEnforceImmutability());
    assertEquals(8, options.getTargetParallelism());
  }

  @Test
  void flinkRunner_defaultsToEmbeddedLocalWithFasterCopy() {
    Map<String, String> args = RunnerOptions.arguments("FlinkRunner", Map.of(), List.of(), 1, 4);

    assertEquals("[local]", args.get("flinkMaster"));
    assertEquals("true", args.get("fasterCopy"));
    assertEquals("4", args.get("parallelism"));
  }

  @Test
  void commandLineBeatsJobFileBeatsLocalDefaults() {
    Map<String, String> args =
        RunnerOptions.arguments(
            "DirectRunner",
            Map.of("targetParallelism", "3", "enforceImmutability", "true"),
            List.of("--targetParallelism=5"),
            1,
            8);

    assertEquals("5", args.get("targetParallelism"));
    assertEquals("true", args.get("enforceImmutability"));
  }
}
