package io.rvcbeam.cli;

import io.rvcbeam.Golden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of {@code rvc-beam convert}: exit code, stdout and stderr. */
record ConvertRun(int code, String out, String err) {

  static final String MODEL = "--model=" + g("models/tiny_v2_40k_f0.pth");
  static final String INDEX = "--index=" + g("models/added_IVF5_Flat_nprobe_1_tiny_v2.index");
  static final String EMBEDDER = "--embedder=" + g("models/contentvec_tiny");
  static final String RMVPE = "--pitchModel=" + g("models/rmvpe_tiny.pt");
  static final String SONG = g("inputs/test_signal_16k_mono.wav");

  static ConvertRun of(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ConvertCommand(environment));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new ConvertRun(code, out.toString(), err.toString());
  }

  /** The golden song with the golden models named on the command line, plus {@code extra}. */
  static ConvertRun golden(String in, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of(in, out.toString(), MODEL, INDEX, EMBEDDER, RMVPE));
    args.addAll(List.of(extra));
    return of(Map.of(), args.toArray(String[]::new));
  }

  static String g(String relative) {
    return Golden.path(relative).toString();
  }

  /** stderr's lines. */
  List<String> errLines() {
    return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
  }
}
