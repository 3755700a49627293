package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.PcmAudio;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code rvc-beam benchmark} with the golden tiny models, so it runs in seconds. */
class BenchmarkCommandTest {

  @Test
  void tinyModels_reportEveryStage_andMatchTheirOwnCpuReference() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchmarkCommand(Map.of(), () -> 0));
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("--seconds=3", "--warmupSeconds=0", "--json", "--reference",
        "--rmsMixRate=0.25",
        ConvertRun.MODEL, ConvertRun.INDEX, ConvertRun.EMBEDDER, ConvertRun.RMVPE);
    assertEquals(0, code, out.toString());

    JsonNode report = new ObjectMapper().readTree(out.toString());
    JsonNode stages = report.path("stages");
    for (String stage : BenchmarkReport.STAGES) {
      assertTrue(stages.path(stage).path("ms").asDouble(-1) >= 0, "stage " + stage + " in "
          + report);
    }
    assertTrue(report.path("chainGflops").asDouble() > 0, report.toString());
    assertTrue(report.path("referenceConvGflops").asDouble() > 0, report.toString());
    assertEquals(report.path("chainGflops").asDouble() / report.path("referenceConvGflops")
        .asDouble(), report.path("efficiencyVsConv").asDouble(), 1e-9);
    assertTrue(report.path("stageFlops").path("synthesizer").asDouble() > 0, report.toString());
    // The same weights, device and dtype twice: bit-identical songs.
    String vsCpu = report.path("setup").path("vs cpu float32").asText();
    assertTrue(vsCpu.startsWith("SNR Infinity dB, max |difference| 0.00e+00 over "),
        vsCpu);
  }

  @Test
  void givenSeveralBatchSizes_printsOneLinePerSize() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchmarkCommand(Map.of(), () -> 0));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("--seconds=3", "--warmupSeconds=0", "--batchSize=1,2",
        ConvertRun.MODEL, ConvertRun.INDEX, ConvertRun.EMBEDDER, ConvertRun.RMVPE);
    assertEquals(0, code, out.toString());
    // Each size is said as it finishes, so a sweep killed later keeps the sizes done.
    String progress = err.toString();
    assertTrue(progress.contains("batch 1 done: real-time factor ")
        && progress.indexOf("batch 1 done") < progress.indexOf("batch 2 done"), progress);

    String[] lines = out.toString().split("\n");
    int header = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("batch ") && lines[i].contains("synthesizer")
          && lines[i].contains("RTF")) {
        header = i;
      }
    }
    assertTrue(header >= 0, out.toString());
    String one = lines[header + 1];
    String two = lines[header + 2];
    assertTrue(one.startsWith("1 ") && one.contains("not needed"), one);
    assertTrue(two.startsWith("2 ") && two.contains("not run (CPU)"), two);
    // ms per second of audio per stage, then the real-time factor: all numbers.
    String[] cells = two.split("\\s+");
    int stages = lines[header].split("\\s+").length - 3; // batch, RTF, self-check
    for (int i = 1; i <= stages + 1; i++) {
      assertTrue(Double.parseDouble(cells[i]) >= 0, two);
    }
  }

  @Test
  void givenASongFile_convertsThatSong_asConvertDoes(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchmarkCommand(Map.of(), () -> 0));
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("--song=" + ConvertRun.SONG, "--warmupSeconds=0", "--json",
        ConvertRun.MODEL, ConvertRun.INDEX, ConvertRun.EMBEDDER, ConvertRun.RMVPE);
    assertEquals(0, code, out.toString());
    JsonNode report = new ObjectMapper().readTree(out.toString());

    Path converted = dir.resolve("out.wav");
    ConvertRun run = ConvertRun.golden(ConvertRun.SONG, converted);
    assertEquals(0, run.code(), run.err());
    PcmAudio written = AudioDecoder.decode(converted);
    assertEquals(3.0, report.path("audioSeconds").asDouble(), 1e-9); // the input's length
    assertTrue(report.path("setup").path("song").asText().contains(ConvertRun.SONG),
        report.toString());
    assertTrue(report.path("setup").path("output").asText()
        .startsWith(written.frames() + " samples at " + written.sampleRate() + " Hz"),
        report.path("setup").toString());
  }

  @Test
  void givenAMissingSongFile_failsNamingIt() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchmarkCommand(Map.of(), () -> 0));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("--song=/nonexistent/song.flac");
    assertTrue(code != 0);
    assertTrue(err.toString().contains("--song /nonexistent/song.flac: no such file"),
        err.toString());
  }
}
