package io.rvcbeam.pipeline.job;

import io.rvcbeam.pipeline.parts.ConversionComponents;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.OptimizationConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A job file with every setting resolved (flag > job file > environment > preset > default) and
 * every relative path resolved: job-file paths against the job file's folder, flag and
 * environment paths against the working directory.
 */
public final class Job {

  private final Path file;
  private final JobFile jobFile;
  private final ResolvedSettings settings;
  private final List<String> warnings;
  private final JobPlan plan;
  private final ConversionSettings songDefaults;

  private Job(Path file, JobFile jobFile, ResolvedSettings settings, IntSupplier gpuCount) {
    this.file = file;
    this.jobFile = jobFile;
    this.settings = settings;
    this.warnings = new ArrayList<>();
    this.plan = buildPlan(gpuCount);
    this.songDefaults = songDefaults();
  }

  /**
   * Reads and resolves a job.
   *
   * @param flags setting flags by name (the {@code run} command's {@code --name=value})
   * @param environment the environment (injected; tests never read the real one)
   * @param gpuCount asked only when needed (preset auto, or device gpu)
   */
  public static Job load(
      Path file, Map<String, String> flags, Map<String, String> environment, IntSupplier gpuCount) {
    Path absolute = file.toAbsolutePath().normalize();
    IntSupplier once = memoize(gpuCount);
    return new Job(absolute, JobFile.read(absolute), resolve(file, flags, environment, once), once);
  }

  /** Every setting of a job file resolved, with no plan built (what {@link #load} starts with). */
  public static ResolvedSettings resolve(
      Path file, Map<String, String> flags, Map<String, String> environment, IntSupplier gpuCount) {
    Path absolute = file.toAbsolutePath().normalize();
    JobFile jobFile = JobFile.read(absolute);
    try {
      return new SettingsResolver(
              flags, jobFile.scalarValues(absolute), environment, file.getFileName().toString())
          .resolve(gpuCount);
    } catch (JobFileException e) {
      throw e;
    } catch (IllegalArgumentException e) { // a bad value: the message names it and its origin
      throw new JobFileException(e.getMessage(), e);
    }
  }

  private static IntSupplier memoize(IntSupplier supplier) {
    int[] value = {-1};
    return () -> {
      if (value[0] < 0) {
        value[0] = supplier.getAsInt();
      }
      return value[0];
    };
  }

  private JobPlan buildPlan(IntSupplier gpuCount) {
    if (jobFile.voices() == null || jobFile.voices().isEmpty()) {
      throw new JobFileException(file + ": 'voices' names no voice");
    }
    Map<String, VoiceModel> voices = new LinkedHashMap<>();
    jobFile.voices().forEach((name, spec) -> {
      if (spec == null || spec.model() == null) {
        throw new JobFileException(file + ": voice '" + name + "' has no 'model'");
      }
      voices.put(name, new VoiceModel(name, jobPath(spec.model()),
          spec.index() == null ? null : jobPath(spec.index())));
    });
    JobFile.ModelsSpec models = jobFile.models();
    if (models == null || models.embedder() == null || models.pitchModel() == null) {
      throw new JobFileException(file + ": 'models' needs 'embedder' and 'pitchModel'");
    }
    OptimizationConfig optimization = settings.optimization(gpuCount, warnings);
    return new JobPlan(
        voices,
        new ModelFiles(jobPath(models.embedder()), jobPath(models.pitchModel())),
        optimization,
        new OutputFormat(
            settings.required("format"),
            settings.required("sampleFormat"),
            settings.isSet("bitRate") ? settings.integer("bitRate") : 0),
        path("outputLocation"),
        new WorkerEnvironment(engineThreads()));
  }

  /** The songs of the catalogue, listed in this JVM (jobs list them on the workers). */
  public List<Song> listSongs() throws IOException {
    return Catalogue.list(catalogue(), plan.voices().keySet());
  }

  /** The catalogue: where its songs come from, their default settings and output names. */
  public CatalogueSource catalogue() {
    JobFile.CatalogueSpec spec = jobFile.catalogue();
    if (spec == null) {
      throw new JobFileException(file + ": no 'catalogue' (a glob or a manifest)");
    }
    String defaultVoice = settings.string("voice");
    if (defaultVoice == null && plan.voices().size() == 1) {
      defaultVoice = plan.voices().keySet().iterator().next();
    }
    return new CatalogueSource(
        spec.glob() == null ? null : jobPath(spec.glob()),
        spec.manifest() == null ? null : jobPath(spec.manifest()),
        songDefaults,
        defaultVoice,
        plan.outputLocation(),
        plan.format());
  }

  /**
   * The job's conversion settings, each range checked here, when the job loads: a bad value is
   * one line naming where it was set (job file key, flag or environment variable).
   */
  private ConversionSettings songDefaults() {
    try {
      return ConversionSettings.defaults()
          .withIndexRate(settings.decimal("indexRate"))
          .withProtect(settings.decimal("protect"))
          .withRmsMixRate(settings.decimal("rmsMixRate"))
          .withSid(settings.integer("sid"))
          .withNoise(ConversionSettings.noiseNamed(settings.required("noise")),
              settings.longValue("seed"))
          .withPitch(ConversionSettings.semitones(settings.decimal("pitch")));
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      String name = message.split(" ", 2)[0];
      String where;
      try {
        where = settings.get(name).origin();
      } catch (IllegalArgumentException notASetting) {
        where = String.valueOf(file);
      }
      throw new JobFileException(where + ": " + message, e);
    }
  }

  private String jobPath(String path) {
    if (path.contains("://") || Path.of(path).isAbsolute()) {
      return path;
    }
    return file.getParent().resolve(path).normalize().toString();
  }

  /** A path setting, resolved by where it came from. */
  private String path(String name) {
    ResolvedSettings.Value value = settings.get(name);
    String raw = settings.required(name);
    if (raw.contains("://") || Path.of(raw).isAbsolute()) {
      return raw;
    }
    return value.source() == SettingSource.JOB_FILE
        ? jobPath(raw)
        : Path.of(raw).toAbsolutePath().normalize().toString();
  }

  public Path file() {
    return file;
  }

  public ResolvedSettings settings() {
    return settings;
  }

  public JobPlan plan() {
    return plan;
  }

  /** Fallbacks taken for invalid combinations, each said once. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  public boolean overwrite() {
    return settings.bool("overwrite");
  }

  public String runner() {
    return settings.required("runner");
  }

  public int engineThreads() {
    return Math.max(1, settings.integer("engineThreads"));
  }

  /** Runner options from the job file ({@code runner.options}). */
  public Map<String, String> runnerOptions() {
    return jobFile.runnerOptions(file);
  }

  /** The numeric components named by the {@code components} setting. */
  public ConversionComponents components() {
    String name = settings.required("components");
    try {
      return (ConversionComponents)
          Class.forName(name).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "components class " + name + " is not on the class path (are the real numerics"
              + " merged?)", e);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "cannot create components " + name + ": " + DeadLetter.describe(e), e);
    }
  }

  /** Every effective value and its source, then the derived optimisation and warnings. */
  public String explain() {
    StringBuilder out = new StringBuilder();
    out.append("job ").append(file).append('\n');
    out.append(settings.explain());
    OptimizationConfig o = plan.optimization();
    ChunkConfig c = o.chunking();
    out.append("\nhow it runs:\n");
    line(out, "networks", o.device() + ", " + o.dtype().name().toLowerCase(Locale.ROOT) + ", "
        + o.batchSize() + (o.batchSize() == 1 ? " chunk" : " chunks") + " per batch");
    line(out, "retrieval", o.gpuRetrieval() ? "exact kNN on the device"
        : "FAISS-compatible search on the CPU");
    line(out, "chunks", "cut every " + c.xCenter() + " s (quiet point within " + c.xQuery()
        + " s), " + c.xPad() + " s context each side, songs up to " + c.xMax() + " s in one piece");
    line(out, "profiling", o.profiling() ? "on" : "off");
    out.append("voices:\n");
    for (VoiceModel voice : plan.voices().values()) {
      line(out, voice.name(), voice.modelUri()
          + (voice.indexUri() == null ? ", no index" : ", index " + voice.indexUri()));
    }
    out.append("shared models:\n");
    line(out, "embedder", plan.models().embedderUri());
    line(out, "pitch model", plan.models().pitchModelUri());
    Map<String, String> runnerOptions = runnerOptions();
    if (!runnerOptions.isEmpty()) {
      out.append("runner options:\n");
      runnerOptions.forEach((name, value) -> line(out, name, value));
    }
    for (String warning : warnings) {
      out.append("warning: ").append(warning).append('\n');
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String name, String value) {
    out.append(String.format("  %-12s %s%n", name, value));
  }
}
