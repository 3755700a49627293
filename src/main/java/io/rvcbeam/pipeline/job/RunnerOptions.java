package io.rvcbeam.pipeline.job;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Beam options for a {@code run}: the job file's {@code runner.options}, overridden by
 * command-line runner options, plus local-run defaults a user can still override:
 *
 * <ul>
 *   <li>DirectRunner: {@code enforceImmutability=false}, {@code enforceEncodability=false}
 *       (on audio-sized elements they cost ~30x, docs/runtime-notes.md §4) and {@code targetParallelism =
 *       cores / engineThreads}, so DoFn threads x libtorch threads fit the cores.
 *   <li>FlinkRunner: embedded {@code flinkMaster=[local]}, {@code fasterCopy=true} (elements are
 *       never mutated) and {@code parallelism = cores / engineThreads}.
 * </ul>
 */
public final class RunnerOptions {

  private RunnerOptions() {}

  /** The effective Beam arguments, {@code --key=value} each. */
  public static Map<String, String> arguments(
      String runner,
      Map<String, String> jobRunnerOptions,
      List<String> commandLineArgs,
      int engineThreads,
      int cores) {
    Map<String, String> args = new LinkedHashMap<>(jobRunnerOptions);
    for (String arg : commandLineArgs) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("runner options look like --name=value, got " + arg);
      }
      int eq = arg.indexOf('=');
      args.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq),
          eq < 0 ? "true" : arg.substring(eq + 1));
    }
    args.put("runner", runner);
    int threads = Math.max(1, cores / Math.max(1, engineThreads));
    if (runner.equals("DirectRunner")) {
      args.putIfAbsent("enforceImmutability", "false");
      args.putIfAbsent("enforceEncodability", "false");
      args.putIfAbsent("targetParallelism", String.valueOf(threads));
    } else if (runner.equals("FlinkRunner")) {
      args.putIfAbsent("flinkMaster", "[local]");
      args.putIfAbsent("fasterCopy", "true");
      args.putIfAbsent("parallelism", String.valueOf(threads));
    }
    return args;
  }

  /**
   * Whether the job runs on other machines than this one: Dataflow, or Flink with a {@code
   * flinkMaster} other than the embedded {@code [local]} (or {@code [auto]}, which is local
   * outside the Flink command line). The launcher then cannot see the workers' hardware.
   */
  public static boolean isRemote(Map<String, String> arguments) {
    String runner = arguments.getOrDefault("runner", "DirectRunner");
    if (runner.equals("DataflowRunner")) {
      return true;
    }
    String master = arguments.get("flinkMaster");
    return runner.equals("FlinkRunner")
        && master != null && !master.equals("[local]") && !master.equals("[auto]");
  }

  /**
   * The option names of every registered Beam options interface (the runners' and I/O's on the
   * class path), as {@code --name} takes them: what {@code run} passes on to Beam.
   */
  public static Set<String> beamOptionNames() {
    Set<String> names = new TreeSet<>();
    for (Class<? extends PipelineOptions> options : PipelineOptionsFactory.getRegisteredOptions()) {
      for (Method method : options.getMethods()) {
        String getter = method.getName();
        int prefix = getter.startsWith("get") ? 3 : getter.startsWith("is") ? 2 : 0;
        if (prefix > 0 && getter.length() > prefix && method.getParameterCount() == 0) {
          names.add(Character.toLowerCase(getter.charAt(prefix)) + getter.substring(prefix + 1));
        }
      }
    }
    return names;
  }

  /** Parses the arguments into options; unknown options are an error naming them. */
  public static PipelineOptions create(Map<String, String> arguments) {
    String[] args =
        arguments.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return PipelineOptionsFactory.fromArgs(args).withValidation().create();
  }
}
