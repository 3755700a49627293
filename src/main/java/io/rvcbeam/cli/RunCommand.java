package io.rvcbeam.cli;

import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.job.CatalogueSource;
import io.rvcbeam.pipeline.CataloguePipeline;
import io.rvcbeam.pipeline.job.DataflowPreflight;
import io.rvcbeam.pipeline.job.Job;
import io.rvcbeam.pipeline.job.JobFile;
import io.rvcbeam.pipeline.job.JobFileException;
import io.rvcbeam.pipeline.parts.ModelLoadException;
import io.rvcbeam.pipeline.job.OutputLocationException;
import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.job.ResolvedSettings;
import io.rvcbeam.pipeline.job.RunnerOptions;
import io.rvcbeam.pipeline.job.SettingsResolver;
import io.rvcbeam.pipeline.WriteReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
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
      "Every setting below is a flag, an RVC_ environment variable and a job-file key;",
      "precedence: flag > job file > environment > preset > default. Other --name=value",
      "options are Beam runner options (e.g. --flinkMaster=HOST:8081, --parallelism=2)."
    },
    mixinStandardHelpOptions = true,
    sortOptions = false,
    abbreviateSynopsis = true,
    modelTransformer = SettingOptions.class)
public final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "the job file")
  Path jobFile;

  @Option(names = "--explain", description = "print each effective setting and its source, then stop")
  boolean explain;

  @Option(names = "--progressSeconds", defaultValue = "10",
      description = "seconds between progress lines (0: none)")
  int progressSeconds;

  @Option(names = "--detach",
      description = "submit the job and return without waiting for it (remote runners, the"
          + " Flex Template); the report is written when the job ends")
  boolean detach;

  @Option(names = "--verbose",
      description = "let FFmpeg print its own log lines (local runners; errors are in the report"
          + " either way)")
  boolean verbose;

  @Unmatched List<String> extra = new ArrayList<>();

  @Spec CommandSpec spec;

  /** Network checks before a Dataflow submission, all together. */
  static final Duration PREFLIGHT_DEADLINE = Duration.ofSeconds(20);

  private final Map<String, String> environment;
  private final IntSupplier gpuCount;
  private final DataflowPreflight.Probe preflight;

  public RunCommand() {
    this(System.getenv(), OptimizationConfig.djlGpuCount());
  }

  /** For tests: an injected environment and GPU count. */
  public RunCommand(Map<String, String> environment, IntSupplier gpuCount) {
    this(environment, gpuCount, DataflowPreflight.realProbe());
  }

  /** For tests: also the Dataflow pre-check's network probe. */
  public RunCommand(
      Map<String, String> environment, IntSupplier gpuCount, DataflowPreflight.Probe preflight) {
    this.environment = Map.copyOf(environment);
    this.gpuCount = gpuCount;
    this.preflight = preflight;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String unknown = SettingOptions.unknown(spec, extra, RunnerOptions.beamOptionNames());
    if (unknown != null) {
      err.println("rvc-beam run: " + unknown);
      return 2;
    }
    Map<String, String> flags = SettingOptions.given(spec);
    List<String> runnerArgs = new ArrayList<>(extra);
    Job job;
    try {
      IntSupplier countAfterThreads = runsRemotely(flags, runnerArgs)
          ? remoteGpuCount(flags, err)
          : () -> {
        applyEngineThreads(flags);
        return gpuCount.getAsInt();
      };
      job = loadJob(flags, countAfterThreads);
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
    CatalogueSource catalogue;
    try {
      options = RunnerOptions.create(beamArgs);
      if (job.runner().equals("DataflowRunner")) {
        Optional<String> problem = DataflowPreflight.problem(
            beamArgs, options.as(GcpOptions.class).getProject(),
            beamArgs.getOrDefault("region", environment.get("CLOUDSDK_COMPUTE_REGION")),
            preflight, PREFLIGHT_DEADLINE);
        if (problem.isPresent()) {
          err.println("rvc-beam run: " + problem.get());
          return 2;
        }
      }
      FileSystems.setDefaultPipelineOptions(options);
      catalogue = job.catalogue();
    } catch (IllegalArgumentException e) {
      err.println("rvc-beam run: " + e.getMessage());
      return 2;
    }
    err.println("rvc-beam: catalogue " + catalogue.name() + " (listed on the workers), runner "
        + job.runner());
    err.flush();
    long start = System.nanoTime();
    ScheduledExecutorService progress = startProgress(err, start);
    try {
      PipelineResult result =
          CataloguePipeline.run(job.plan(), catalogue, job.overwrite(), job.components(), options);
      if (detach) {
        out.println("submitted; report when the job ends: " + job.plan().outputLocation() + "/"
            + WriteReport.REPORT);
        out.flush();
        return 0;
      }
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        err.println("rvc-beam run: the pipeline ended " + state);
        return 1;
      }
    } catch (ModelLoadException | IllegalArgumentException | OutputLocationException e) {
      err.println("rvc-beam run: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      // A catalogue that cannot be listed (no match, bad manifest) fails the job on a worker.
      JobFileException bad = jobFileCause(e);
      if (bad == null) {
        throw e;
      }
      err.println("rvc-beam run: " + bad.getMessage());
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

  private static JobFileException jobFileCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof JobFileException bad) {
        return bad;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** The job with every setting resolved; no side effects beyond asking {@code gpus}. */
  Job loadJob(Map<String, String> flags, IntSupplier gpus) {
    return Job.load(jobFile, flags, environment, gpus);
  }

  /** Every setting of the parsed command line and job file, resolved as {@link #loadJob} does. */
  ResolvedSettings resolvedSettings(IntSupplier gpus) {
    return Job.resolve(jobFile, SettingOptions.given(spec), environment, gpus);
  }

  /** Whether the runner, from flags, job file and runner options, runs on other machines. */
  private boolean runsRemotely(Map<String, String> flags, List<String> runnerArgs) {
    Path file = jobFile.toAbsolutePath();
    JobFile parsed = JobFile.read(file);
    String runner =
        new SettingsResolver(flags, parsed.scalarValues(file), environment, file.toString())
            .resolveOne("runner").value();
    return RunnerOptions.isRemote(
        RunnerOptions.arguments(runner, parsed.runnerOptions(file), runnerArgs, 1, 1));
  }

  /**
   * GPUs for a remote runner, where the launcher cannot count the workers' GPUs (and need not
   * start libtorch): taken on trust when the job asks for them (preset nvidia or device gpu),
   * none otherwise, so preset auto means cpu there.
   */
  private IntSupplier remoteGpuCount(Map<String, String> flags, PrintWriter err) {
    Path file = jobFile.toAbsolutePath();
    SettingsResolver resolver =
        new SettingsResolver(
            flags, JobFile.read(file).scalarValues(file), environment, file.toString());
    String preset = resolver.resolveOne("preset").value();
    boolean asksForGpu =
        preset.equals("nvidia") || "gpu".equals(resolver.resolveOne("device").value());
    if (preset.equals("auto") && !asksForGpu) {
      err.println("warning: preset auto on a remote runner means cpu (this machine cannot see"
          + " the workers' GPUs); give --preset=nvidia for GPU workers");
    }
    return () -> asksForGpu ? 1 : 0;
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
