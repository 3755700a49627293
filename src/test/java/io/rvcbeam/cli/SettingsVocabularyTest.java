package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.pipeline.job.ResolvedSettings;
import io.rvcbeam.pipeline.job.Setting;
import io.rvcbeam.pipeline.job.Setting.Command;
import io.rvcbeam.pipeline.job.SettingSource;
import io.rvcbeam.pipeline.job.Settings;
import io.rvcbeam.pipeline.job.SettingsResolver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every setting of the table through {@code run}, {@code convert} and {@code benchmark}, each
 * parsed by the command itself and resolved by the code its {@code call()} uses: the same name,
 * the same accepted and refused values (with the same message), the same default, the same
 * environment variable and precedence, and a help entry saying so. A command that does not take
 * a setting refuses its flag naming the commands that do.
 */
class SettingsVocabularyTest {

  /** GPUs the commands are told DJL sees: preset auto then means nvidia, its defaults differ. */
  private static final IntSupplier ONE_GPU = () -> 1;

  @TempDir Path tmp;

  /** A run job that sets no setting, so defaults and the environment show through. */
  private Path job() throws Exception {
    return Files.writeString(tmp.resolve("job.yaml"), """
        catalogue: {glob: songs/*.wav}
        voices:
          alto: {model: alto.pth}
        models: {embedder: contentvec, pitchModel: rmvpe.pt}
        """);
  }

  /** The settings {@code command} resolves from {@code args} and {@code env}. */
  private ResolvedSettings resolve(Command command, Map<String, String> env, List<String> args)
      throws Exception {
    List<String> all = new ArrayList<>();
    switch (command) {
      case RUN -> {
        RunCommand run = new RunCommand(env, ONE_GPU);
        all.add(job().toString());
        all.addAll(args);
        new CommandLine(run).parseArgs(all.toArray(String[]::new));
        return run.resolvedSettings(ONE_GPU);
      }
      case CONVERT -> {
        ConvertCommand convert = new ConvertCommand(env, ONE_GPU);
        all.addAll(List.of("in.wav", "out.wav", "--model=voice.pth"));
        all.addAll(args);
        new CommandLine(convert).parseArgs(all.toArray(String[]::new));
        return convert.resolvedSettings();
      }
      case BENCHMARK -> {
        BenchmarkCommand benchmark = new BenchmarkCommand(env, ONE_GPU);
        new CommandLine(benchmark).parseArgs(args.toArray(String[]::new));
        return benchmark.resolvedSettings().get(0);
      }
    }
    throw new AssertionError(command);
  }

  private ResolvedSettings.Value value(Command command, Setting setting, Map<String, String> env,
      String... args) throws Exception {
    return resolve(command, env, List.of(args)).get(setting.name());
  }

  /** The message of the error {@code command} gives for {@code --name=raw}. */
  private String refusal(Command command, Setting setting, String raw) {
    return assertThrows(IllegalArgumentException.class,
        () -> value(command, setting, Map.of(), "--" + setting.name() + "=" + raw),
        command + " took --" + setting.name() + "=" + raw).getMessage();
  }

  /** A valid value other than the default, in the setting's canonical spelling. */
  private static String sample(Setting s) {
    switch (s.name()) {
      case "chunkQuery": return "7";
      case "chunkCenter": return "39";
      case "chunkMax": return "50";
      default: break;
    }
    return switch (s.type()) {
      case CHOICE -> s.choices().get(s.choices().size() - 1).equals(s.defaultValue())
          ? s.choices().get(0) : s.choices().get(s.choices().size() - 1);
      case BOOLEAN -> "true";
      case STRING -> "sample-" + s.name();
      case INT, LONG -> String.valueOf(
          s.min() != null && s.max() != null ? (long) (s.min() + (s.max() - s.min()) / 4)
              : s.min() != null ? s.min().longValue() + 3 : 7);
      case DOUBLE -> String.valueOf(s.min() + (s.max() - s.min()) / 4);
    };
  }

  /** Values each command must take, and what it must make of them. */
  private static Map<String, String> accepted(Setting s) {
    Map<String, String> values = new LinkedHashMap<>();
    switch (s.type()) {
      case CHOICE -> s.choices().forEach(c -> values.put(c.toUpperCase(), c));
      case BOOLEAN -> {
        for (String b : Setting.BOOLEAN_VALUES) {
          values.put(b, String.valueOf(List.of("true", "1", "yes").contains(b)));
        }
      }
      case INT, LONG, DOUBLE -> {
        values.put(sample(s), sample(s));
        if (s.min() != null && !s.name().startsWith("chunk")) {
          values.put(number(s, s.min()), number(s, s.min()));
        }
        if (s.max() != null) {
          values.put(number(s, s.max()), number(s, s.max()));
        }
      }
      case STRING -> values.put(sample(s), sample(s));
    }
    return values;
  }

  /** Values each command must refuse. */
  private static List<String> refused(Setting s) {
    List<String> values = new ArrayList<>();
    switch (s.type()) {
      case CHOICE -> {
        values.add("nonsense");
        values.addAll(s.misspellings().keySet());
      }
      case INT, LONG -> values.addAll(List.of("1.5", "many"));
      case DOUBLE -> values.add("many");
      default -> { }
    }
    if (s.min() != null) {
      values.add(number(s, s.min() - 1));
    }
    if (s.max() != null) {
      values.add(number(s, s.max() + 1));
    }
    return values;
  }

  private static String number(Setting s, double value) {
    return s.type() == Setting.Type.DOUBLE ? String.valueOf(value)
        : String.valueOf((long) value);
  }

  @Test
  void everySetting_hasOneNameValuesDefaultAndEnvironmentVariable_inEveryCommandTakingIt()
      throws Exception {
    ResolvedSettings table = new SettingsResolver(Map.of(), Map.of(), Map.of(), "none")
        .resolve(ONE_GPU);
    int walked = 0;
    for (Setting s : Settings.all()) {
      Map<Command, String> refusals = new LinkedHashMap<>();
      for (Command c : Command.values()) {
        if (!s.takenBy(c)) {
          continue;
        }
        walked++;
        String where = c.commandName() + " --" + s.name();
        // default: the table's (or its preset's), alike in every command
        ResolvedSettings.Value def = value(c, s, Map.of());
        assertEquals(table.get(s.name()).value(), def.value(), where + " default");
        assertEquals(table.get(s.name()).source(), def.source(), where + " default source");
        // the environment variable, then the flag over it (the variable is not even parsed)
        ResolvedSettings.Value env = value(c, s, Map.of(s.envName(), sample(s)));
        assertEquals(sample(s), env.value(), where + " from " + s.envName());
        assertEquals(SettingSource.ENVIRONMENT, env.source(), where);
        ResolvedSettings.Value flag = value(c, s, Map.of(s.envName(), "not-a-value"),
            "--" + s.name() + "=" + sample(s));
        assertEquals(sample(s), flag.value(), where + " as a flag");
        assertEquals(SettingSource.FLAG, flag.source(), where);
        // accepted and refused spellings
        for (Map.Entry<String, String> ok : accepted(s).entrySet()) {
          assertEquals(ok.getValue(), value(c, s, Map.of(), "--" + s.name() + "=" + ok.getKey())
              .value(), where + "=" + ok.getKey());
        }
        StringBuilder messages = new StringBuilder();
        for (String bad : refused(s)) {
          String message = refusal(c, s, bad);
          assertTrue(message.contains("setting " + s.name()) && message.contains(bad), message);
          messages.append(message).append('\n');
        }
        refusals.put(c, messages.toString());
      }
      assertEquals(1, refusals.values().stream().distinct().count(),
          s.name() + ": the commands refuse bad values differently: " + refusals);
    }
    assertTrue(walked >= Settings.all().size(), "walked " + walked);
  }

  @Test
  void aMisspelledValue_isRefusedNamingTheRightOne() throws Exception {
    Setting sampleFormat = Settings.byName("sampleFormat");
    for (Command c : List.of(Command.RUN, Command.CONVERT)) {
      assertTrue(refusal(c, sampleFormat, "int16").endsWith("did you mean pcm16?"),
          refusal(c, sampleFormat, "int16"));
      assertTrue(refusal(c, sampleFormat, "float").endsWith("did you mean float32?"));
    }
    for (Command c : Command.values()) {
      assertTrue(refusal(c, Settings.byName("device"), "cuda").endsWith("did you mean gpu?"));
    }
  }

  private record Result(int code, String out, String err) {}

  private Result execute(Command command, String... args) throws Exception {
    Object instance = switch (command) {
      case RUN -> new RunCommand(Map.of(), () -> 0);
      case CONVERT -> new ConvertCommand(Map.of(), () -> 0);
      case BENCHMARK -> new BenchmarkCommand(Map.of(), () -> 0);
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(instance);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>();
    if (command == Command.RUN) {
      all.add(job().toString());
    } else if (command == Command.CONVERT) {
      all.addAll(List.of("in.wav", "out.wav", "--model=voice.pth"));
    }
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private static String oneLine(Result r) {
    List<String> lines = r.err().strip().lines().toList();
    assertEquals(1, lines.size(), r.err());
    return lines.get(0);
  }

  @Test
  void aMistypedOption_getsOneLineNamingTheNearestOption_inEveryCommand() throws Exception {
    for (Command c : Command.values()) {
      Result typo = execute(c, "--pitchh=2");
      assertEquals(2, typo.code(), c + ": " + typo.err());
      assertTrue(oneLine(typo).endsWith("unknown option --pitchh; did you mean --pitch?"),
          c + ": " + typo.err());
      assertFalse(typo.err().contains("missing a property"), typo.err());

      Result threads = execute(c, "--threads=2");
      assertTrue(oneLine(threads).endsWith("did you mean --engineThreads?"), threads.err());
      Result batch = execute(c, "--batchsise=2");
      assertTrue(oneLine(batch).endsWith("did you mean --batchSize?"), batch.err());
    }
    assertTrue(oneLine(execute(Command.CONVERT, "--profile"))
        .endsWith("did you mean --profiling?"));
  }

  @Test
  void aValuePicocliCannotTake_isOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("benchmark", "--useFp16=maybe");
    assertEquals(2, code, err.toString());
    assertEquals("rvc-beam benchmark: Invalid value for option '--useFp16': setting useFp16 from"
        + " flag --useFp16: 'maybe' is not a boolean (true or false) (see rvc-beam benchmark"
        + " --help)", err.toString().strip());
  }

  @Test
  void anOptionOfAnotherCommand_saysWhichCommandsTakeIt() throws Exception {
    Result r = execute(Command.CONVERT, "--runner=FlinkRunner");
    assertEquals(2, r.code(), r.err());
    assertEquals("error: --runner is not a setting of convert (only of run)", oneLine(r));
    Result b = execute(Command.BENCHMARK, "--sampleFormat=pcm24");
    assertEquals(
        "rvc-beam benchmark: --sampleFormat is not a setting of benchmark (only of run, convert)",
        oneLine(b));
  }

  @Test
  void deviceGpuWithoutAGpu_isOneLine_inConvertAndBenchmark() throws Exception {
    Result convert = execute(Command.CONVERT, "--device=gpu");
    assertEquals(ConvertCommand.FAILED, convert.code(), convert.err());
    assertTrue(oneLine(convert).startsWith("error: device gpu was asked for, but DJL sees no GPU"),
        convert.err());
    Result benchmark = execute(Command.BENCHMARK, "--device=gpu");
    assertEquals(2, benchmark.code(), benchmark.err());
    assertTrue(oneLine(benchmark).startsWith(
        "rvc-beam benchmark: device gpu was asked for, but DJL sees no GPU"), benchmark.err());
  }

  @Test
  void runPassesBeamsOwnOptionsOn_andStillCatchesTypos() {
    CommandLine cli = new CommandLine(new RunCommand(Map.of(), () -> 0));
    var names = io.rvcbeam.pipeline.job.RunnerOptions.beamOptionNames();
    assertTrue(names.containsAll(List.of("flinkMaster", "targetParallelism", "project")),
        names.toString());
    assertEquals(null, SettingOptions.unknown(cli.getCommandSpec(),
        List.of("--flinkMaster=host:8081", "--targetParallelism=2"), names));
    assertEquals("unknown option --flinkMastr; did you mean --flinkMaster?",
        SettingOptions.unknown(cli.getCommandSpec(), List.of("--flinkMastr=host"), names));
  }

  @Test
  void eachCommandsHelp_listsEverySettingItTakes_withValuesDefaultAndVariable() {
    for (Command c : Command.values()) {
      Object instance = switch (c) {
        case RUN -> new RunCommand(Map.of(), () -> 0);
        case CONVERT -> new ConvertCommand(Map.of(), () -> 0);
        case BENCHMARK -> new BenchmarkCommand(Map.of(), () -> 0);
      };
      String help = new CommandLine(instance).getUsageMessage();
      // picocli wraps lines anywhere a space is: compare without whitespace
      String flat = help.replaceAll("\\s+", "");
      for (Setting s : Settings.all()) {
        String entry = ("Values:" + s.valuesText() + ".Default:" + SettingOptions.defaultText(s)
            + ".Env:" + s.envName()).replaceAll("\\s+", "");
        if (s.takenBy(c)) {
          assertTrue(flat.contains("--" + s.name() + "=") || flat.contains("--" + s.name() + "[="),
              c + " help lacks --" + s.name());
          assertTrue(flat.contains(entry), c + " help lacks " + entry + ":\n" + help);
          if (c == Command.RUN) {
            assertTrue(flat.contains(entry + ".Jobfile:" + s.jobPath()), s.jobPath());
          }
        } else {
          assertFalse(flat.contains("--" + s.name() + "=") || flat.contains("--" + s.name() + "[="),
              c + " help lists --" + s.name());
        }
      }
    }
  }
}
