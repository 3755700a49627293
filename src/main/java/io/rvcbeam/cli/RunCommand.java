package io.rvcbeam.cli;

import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.CataloguePipeline;
import io.rvcbeam.pipeline.Job;
import io.rvcbeam.pipeline.JobFile;
import io.rvcbeam.pipeline.ModelLoadException;
import io.rvcbeam.pipeline.OutputLocationException;
import io.rvcbeam.pipeline.Progress;
import io.rvcbeam.pipeline.RunnerOptions;
import io.rvcbeam.pipeline.Setting;
import io.rvcbeam.pipeline.Settings;
import io.rvcbeam.pipeline.SettingsResolver;
import io.rvcbeam.pipeline.Song;
import io.rvcbeam.pipeline.WriteReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code rvc-beam run JOB.yaml [--setting=value…] [--runnerOption=value…]}: converts a catalogue.
 * Options naming a setting ({@code --batchSize=4}) override the job file; every other {@code
 * --name=value} goes to Beam as a runner option.
 */
@Command(
    name = "run",
    description = {
      "Converts the catalogue of a job file with the Beam pipeline.",
      "Any setting is also --name=value and RVC_NAME (e.g. --batchSize=4, RVC_BATCH_SIZE);",
      "precedence: flag > job file > environment > preset > default. Other --name=value",
      "options are Beam runner options (e.g. --runner=FlinkRunner, --parallelism=2)."
    },
    mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "the job file")
  Path jobFile;

  @Option(names = "--explain", description = "print each effective setting and its source, then stop")
  boolean explain;

  @Option(names = "--progressSeconds", defaultValue = "10",
      description = "seconds between progress lines (0: none)")
  int progressSeconds;

  @Option(names = "--verbose",
      description = "let FFmpeg print its own log lines (local runners; errors are in the report"
          + " either way)")
  boolean verbose;

  @Unmatched List<String> extra = new ArrayList<>();

  @Spec CommandSpec spec;

  private final Map<String, String> environment;
  private final IntSupplier gpuCount;

  public RunCommand() {
    this(System.getenv(), OptimizationConfig.djlGpuCount());
  }

  /** For tests: an injected environment and GPU count. */
  public RunCommand(Map<String, String> environment, IntSupplier gpuCount) {
    this.environment = Map.copyOf(environment);
    this.gpuCount = gpuCount;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> runnerArgs = new ArrayList<>();
    splitOptions(extra, flags, runnerArgs);
    Job job;
    try {
      IntSupplier countAfterThreads = () -> {
        applyEngineThreads(flags);
        return gpuCount.getAsInt();
      };
      job = Job.load(jobFile, flags, environment, countAfterThreads);
    } catch (IllegalArgumentException e) {
      err.println("rvc-beam run: " + e.getMessage());
      return 2;
    }
    if (explain) {
      out.print(job.explain());
      out.flush();
      return 0;
    }
    job.warnings().forEach(w -> err.println("warning: " + w));
    if (verbose) {
      AudioDecoder.showFfmpegLog();
    }
    applyEngineThreads(flags);
    Map<String, String> beamArgs =
        RunnerOptions.arguments(
            job.runner(), job.runnerOptions(), runnerArgs, job.engineThreads(),
            Runtime.getRuntime().availableProcessors());
    PipelineOptions options;
    List<Song> songs;
    try {
      options = RunnerOptions.create(beamArgs);
      FileSystems.setDefaultPipelineOptions(options);
      songs = job.listSongs();
    } catch (IllegalArgumentException e) {
      err.println("rvc-beam run: " + e.getMessage());
      return 2;
    }
    err.println("rvc-beam: " + songs.size() + " songs, runner " + job.runner());
    err.flush();
    long start = System.nanoTime();
    ScheduledExecutorService progress = startProgress(err, start);
    try {
      PipelineResult result =
          CataloguePipeline.run(job.plan(), songs, job.overwrite(), job.components(), options);
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        err.println("rvc-beam run: the pipeline ended " + state);
        return 1;
      }
    } catch (ModelLoadException | IllegalArgumentException | OutputLocationException e) {
      err.println("rvc-beam run: " + e.getMessage());
      return 2;
    } finally {
      if (progress != null) {
        progress.shutdownNow();
      }
    }
    long[] chunks = Progress.chunkCounts();
    err.println("rvc-beam: " + chunks[0] + " chunks converted, " + chunks[1]
        + " taken from the work files of an earlier run");
    out.print(readSummary(job.plan().outputLocation()));
    out.println("report: " + job.plan().outputLocation() + "/" + WriteReport.REPORT);
    out.flush();
    return 0;
  }

  /** Setting flags go to {@code flags}; everything else is a runner option. */
  static void splitOptions(List<String> args, Map<String, String> flags, List<String> runner) {
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("options look like --name=value, got " + arg);
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      Setting setting = Settings.byName(name);
      if (setting != null) {
        flags.put(name, eq < 0 ? "true" : arg.substring(eq + 1));
      } else {
        runner.add(arg);
      }
    }
  }

  /** libtorch reads its thread counts once, when the engine loads: set them before that. */
  private void applyEngineThreads(Map<String, String> flags) {
    if (System.getProperty("ai.djl.pytorch.num_threads") != null) {
      return;
    }
    Path file = jobFile.toAbsolutePath();
    String threads =
        new SettingsResolver(
                flags, JobFile.read(file).scalarValues(file), environment, file.toString())
            .resolveOne("engineThreads")
            .value();
    System.setProperty("ai.djl.pytorch.num_threads", threads);
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  private ScheduledExecutorService startProgress(PrintWriter err, long start) {
    if (progressSeconds <= 0) {
      return null;
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rvc-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(
        () -> {
          err.println("rvc-beam: " + Progress.line((System.nanoTime() - start) / 1e9));
          err.flush();
        },
        progressSeconds, progressSeconds, TimeUnit.SECONDS);
    return timer;
  }

  private static String readSummary(String outputLocation) throws Exception {
    String uri =
        FileSystems.matchNewResource(outputLocation, true)
            .resolve(WriteReport.SUMMARY, StandardResolveOptions.RESOLVE_FILE)
            .toString();
    if (!uri.contains("://")) {
      return Files.readString(Path.of(uri), StandardCharsets.UTF_8);
    }
    try (var channel = FileSystems.open(FileSystems.matchSingleFileSpec(uri).resourceId());
        var in = java.nio.channels.Channels.newInputStream(channel)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
