package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code rvc-beam benchmark} with the golden tiny models, so it runs in seconds. */
class BenchmarkCommandTest {

  @Test
  void tinyModels_reportEveryStage_andMatchTheirOwnCpuReference() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchmarkCommand());
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("--seconds=3", "--warmupSeconds=0", "--json", "--reference",
        ConvertRun.MODEL, ConvertRun.INDEX, ConvertRun.EMBEDDER, ConvertRun.RMVPE);
    assertEquals(0, code, out.toString());

    JsonNode report = new ObjectMapper().readTree(out.toString());
    JsonNode stages = report.path("stages");
    for (String stage : BenchmarkReport.STAGES) {
      assertTrue(stages.path(stage).path("ms").asDouble(-1) >= 0, "stage " + stage + " in "
          + report);
    }
    // The same weights, device and dtype twice: bit-identical songs.
    String vsCpu = report.path("setup").path("vs cpu float32").asText();
    assertTrue(vsCpu.startsWith("SNR Infinity dB, max |difference| 0.00e+00 over "),
        vsCpu);
  }
}
