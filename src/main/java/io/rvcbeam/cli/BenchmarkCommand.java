package io.rvcbeam.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioException;
import io.rvcbeam.checkpoint.FaissIndex;
import io.rvcbeam.convert.BatchPlan;
import io.rvcbeam.convert.LoadedVoice;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.convert.VoiceLoader;
import io.rvcbeam.convert.bench.RandomVoice;
import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.ChunkPlan;
import io.rvcbeam.convert.PitchWindows;
import io.rvcbeam.convert.bench.NetworkFlops;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.models.rmvpe.E2eNetwork;
import io.rvcbeam.models.rmvpe.MelFrontEnd;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.ExactKnnRetrieval;
import io.rvcbeam.convert.IvfRetrieval;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.convert.Profiler;
import io.rvcbeam.convert.SongConverter;
import io.rvcbeam.convert.ToMono;
import io.rvcbeam.convert.VoiceConverter;
import io.rvcbeam.convert.bench.RandomIndex;
import io.rvcbeam.convert.bench.SyntheticSong;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.Synthesizer;
import io.rvcbeam.nn.Tf32;
import io.rvcbeam.pipeline.job.ResolvedSettings;
import io.rvcbeam.pipeline.job.SettingsResolver;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code rvc-beam benchmark}: converts a synthetic song with the real chain ({@link
 * SongConverter}) and prints the time of each stage, the real-time factor and peak memory. Models
 * are full-size with random weights built in memory unless model files are given.
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Times every stage of a song conversion (high-pass, pitch, content, retrieval, "
          + "synthesizer, RMS mix) on a synthetic song, with full-size random-weight models "
          + "(HuBERT base, RMVPE, v2 pitch synthesizer, random IVF index) or the given files; "
          + "--song converts a real audio file instead.",
      "Prints ms per stage, ms per second of audio, share, the real-time factor (wall / audio "
          + "duration) and peak memory; with several batch sizes, one line per size.",
      "On a GPU each batch size above 1 is first checked to keep every chunk's bytes in every "
          + "slot (self-check); a size that fails runs one chunk per call.",
      "Settings are the ones `run` takes, with the same names, values, defaults and RVC_ "
          + "variables (flag > environment > preset > default); --batchSize may be a list "
          + "(1,2,4,8). The default --rmsMixRate=1 skips the RMS mix, as in run and convert: "
          + "give e.g. 0.25 to time it."
    },
    sortOptions = false,
    abbreviateSynopsis = true,
    modelTransformer = SettingOptions.class)
public final class BenchmarkCommand implements Callable<Integer> {

  @Option(names = "--seconds", description = "Length of the synthetic song in seconds (default "
      + "${DEFAULT-VALUE}).")
  private double seconds = 60;

  @Option(names = "--song", paramLabel = "FILE", description = "Convert this audio file (any "
      + "format FFmpeg decodes) instead of the synthetic song, with the noise seeded from its "
      + "file name as `convert` seeds it; --seconds is then unused.")
  private Path song;

  @Option(names = "--sampleRate",
      description = "Random voice model's rate: 32000, 40000 or 48000 (default ${DEFAULT-VALUE}).")
  private int sampleRate = 40000;

  @Option(names = "--indexVectors", description = "Vectors of the random index; 0 for no index "
      + "(default ${DEFAULT-VALUE}).")
  private int indexVectors = 20000;

  @Option(names = "--repeat", description = "Timed conversions; the fastest is reported (default "
      + "${DEFAULT-VALUE}).")
  private int repeat = 1;

  @Option(names = "--warmupSeconds", description = "Length of an untimed warm-up conversion; 0 "
      + "for none (default ${DEFAULT-VALUE}).")
  private double warmupSeconds = 3;

  @Option(names = "--model", description = "A voice model .pth instead of the random one.")
  private Path model;

  @Option(names = "--index", description = "The voice model's .index (with --model; without, "
      + "--model runs without retrieval).")
  private Path index;

  @Option(names = "--embedder", description = "A content encoder (HF directory, .safetensors, "
      + "fairseq .pt) instead of the random HuBERT base.")
  private Path embedder;

  @Option(names = "--pitchModel", description = "rmvpe.pt instead of the random RMVPE.")
  private Path pitchModel;

  @Option(names = "--reference", description = "Also convert the song on the CPU in float32 "
      + "with the same weights and print how far this run's output is from it (SNR, max "
      + "difference): checks a GPU or fp16 run.")
  private boolean reference;

  @Option(names = "--json", description = "Print machine-readable JSON.")
  private boolean json;

  @Unmatched private List<String> unmatched = new ArrayList<>();

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;
  private final IntSupplier gpuCount;

  // from the settings table (set by resolve)
  private int[] batchSizes;
  private boolean useFp16;
  private boolean gpuRetrieval;
  private ChunkConfig chunkConfig;
  private ConversionSettings settings;

  public BenchmarkCommand() {
    this(System.getenv(), OptimizationConfig.djlGpuCount());
  }

  /** For tests: the environment the {@code RVC_*} settings are read from, and the GPU count. */
  BenchmarkCommand(Map<String, String> environment, IntSupplier gpuCount) {
    this.environment = Map.copyOf(environment);
    this.gpuCount = gpuCount;
  }

  private static final long SEED = 20240601L;

  // sizes of the networks under test, for the FLOP count (set by buildChain)
  private SynthConfig synthConfig;
  private HubertConfig contentConfig;
  private boolean projectedFeatures;
  private E2eNetwork pitchNetwork;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    OptimizationConfig optimization;
    try {
      String unknown = SettingOptions.unknown(spec, unmatched, Set.of());
      if (unknown != null) {
        throw new IllegalArgumentException(unknown);
      }
      validate();
      // libtorch reads its thread counts when the engine loads: before the first NDManager.
      TableSettings.applyEngineThreads(resolver(settingFlags()).resolveOne("engineThreads"));
      List<String> warnings = new ArrayList<>();
      optimization = resolve(warnings);
      warnings.forEach(w -> err.println("warning: " + w));
    } catch (IllegalArgumentException e) {
      err.println("rvc-beam benchmark: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    VoiceLoader loader = new VoiceLoader(optimization);
    Device dev = loader.device();
    Deque<AutoCloseable> open = new ArrayDeque<>();
    try (PeakMemorySampler memory = new PeakMemorySampler()) {
      Map<String, Double> loadMs = new LinkedHashMap<>();
      Map<String, Object> setup = new LinkedHashMap<>();
      Chain chain = buildChain(loader, open, loadMs, setup);
      double[] audio = song == null ? SyntheticSong.generate(seconds, SEED) : decodeSong();
      double audioSeconds = audio.length / (double) SyntheticSong.SAMPLE_RATE;
      String songId = song == null ? "benchmark" : ConvertCommand.songId(song);
      setup.put("song", song == null
          ? String.format(Locale.ROOT, "%.1f s synthetic, 16 kHz", seconds)
          : String.format(Locale.ROOT, "%s, %.1f s (decoded to 16 kHz mono)", song, audioSeconds));
      EngineThroughput throughput = EngineThroughput.measure(dev);
      List<BenchmarkReport> reports = new ArrayList<>();
      List<String> checks = new ArrayList<>();
      String vsCpu = null;
      for (int size : batchSizes) {
        BatchPlan plan = loader.batchPlan(chain.voice(), size);
        String check = "not run (CPU)";
        if (size == 1) {
          check = "not needed (batch 1)";
        } else if (dev.isGpu()) {
          check = plan.padded() ? "passed" : "FAILED: bytes differ by slot, ran batch 1";
        }
        checks.add(check);
        SongConverter converter = new SongConverter(chain.rmvpe(), chain.voice(), chain.chunks(), plan);
        if (warmupSeconds > 0) {
          converter.convert(SyntheticSong.generate(warmupSeconds, SEED + 1), "warmup", settings,
              Profiler.disabled(), null);
        }
        Map<String, Object> sizeSetup = new LinkedHashMap<>(setup);
        sizeSetup.put("batch size", size + " (" + plan + ")");
        sizeSetup.put("batch self-check", check);
        BenchmarkReport report = new BenchmarkReport(sizeSetup, audioSeconds, loadMs);
        AtomicInteger chunks = new AtomicInteger();
        float[] last = null;
        for (int r = 0; r < repeat; r++) {
          Profiler profiler = Profiler.withCpuTime();
          long cpu = processCpuNanos();
          long threadCpu = THREADS.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          float[] out = converter.convert(audio, songId, settings, profiler, chunks::set);
          double wall = millisSince(start);
          double threadCpuMs = (THREADS.getCurrentThreadCpuTime() - threadCpu) / 1e6;
          double cpuMs = cpu < 0 ? -1 : (processCpuNanos() - cpu) / 1e6;
          report.add(new BenchmarkReport.Run(wall, threadCpuMs, cpuMs, loadAverage(),
              profiler.millis(), profiler.cpuMillis()));
          sizeSetup.put("output", out.length + " samples at " + converter.sampleRate() + " Hz, "
              + chunks.get() + " chunks");
          last = out;
        }
        report.flops(stageFlops(converter, audio), throughput);
        if (reference) {
          // One CPU float32 reference at batch 1 for every size.
          if (referenceSong == null) {
            referenceSong = cpuReference(audio, songId, settings);
          }
          vsCpu = OutputDifference.of(last, referenceSong).describe();
          sizeSetup.put("vs cpu float32", vsCpu);
        }
        report.memory(memory.peakHeapBytes(), PeakMemorySampler.peakResidentBytes());
        reports.add(report);
        if (batchSizes.length > 1) {
          // A sweep's table comes at the end; each size done is said at once, so sizes that
          // finished are not lost when a later, larger one runs out of memory.
          err.printf(Locale.ROOT, "batch %d done: real-time factor %.3f, peak resident so far"
              + " %.0f MiB%n", size, report.realTimeFactor(),
              PeakMemorySampler.peakResidentBytes() / 1048576.0);
          err.flush();
        }
      }
      PrintWriter pw = spec.commandLine().getOut();
      if (reports.size() == 1) {
        if (json) {
          reports.get(0).printJson(pw);
        } else {
          reports.get(0).printTable(pw);
        }
      } else {
        BenchmarkReport.printSweep(pw, setup, batchSizes, reports, checks, json);
      }
      return 0;
    } finally {
      while (!open.isEmpty()) {
        open.pop().close();
      }
    }
  }

  /** The loaded chain: the voice (content encoder, index, synthesizer), RMVPE, chunking. */
  private record Chain(VoiceConverter voice, PitchEstimator rmvpe, ChunkConfig chunks) {}

  private float[] referenceSong;

  /** The setting flags given, but for {@code --batchSize}, which here may be a list. */
  private Map<String, String> settingFlags() {
    Map<String, String> flags = SettingOptions.given(spec);
    flags.remove("batchSize");
    return flags;
  }

  private SettingsResolver resolver(Map<String, String> flags) {
    return new SettingsResolver(flags, Map.of(), environment, "none");
  }

  /**
   * Every setting benchmark takes, resolved by the table's rule (flag > environment > preset >
   * default); {@code --batchSize} with a list resolves once per size. No side effects.
   */
  List<ResolvedSettings> resolvedSettings() {
    Map<String, String> flags = settingFlags();
    String sizes = SettingOptions.given(spec).get("batchSize");
    List<ResolvedSettings> resolved = new ArrayList<>();
    if (sizes == null) {
      resolved.add(resolver(flags).resolve(gpuCount));
      return resolved;
    }
    for (String size : sizes.split(",", -1)) {
      Map<String, String> one = new LinkedHashMap<>(flags);
      one.put("batchSize", size);
      resolved.add(resolver(one).resolve(gpuCount));
    }
    return resolved;
  }

  /** Fills the table's values into this run; returns the optimisation of the first size. */
  private OptimizationConfig resolve(List<String> warnings) {
    List<ResolvedSettings> all = resolvedSettings();
    batchSizes = all.stream().mapToInt(r -> r.integer("batchSize")).toArray();
    ResolvedSettings first = all.get(0);
    OptimizationConfig optimization = first.optimization(gpuCount, warnings);
    useFp16 = optimization.dtype() == OptimizationConfig.Dtype.FP16;
    gpuRetrieval = optimization.gpuRetrieval();
    chunkConfig = optimization.chunking();
    settings = TableSettings.conversion(first);
    return optimization;
  }

  private void validate() {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
    }
    if (sampleRate != 32000 && sampleRate != 40000 && sampleRate != 48000) {
      throw new IllegalArgumentException(
          "--sampleRate must be 32000, 40000 or 48000, got " + sampleRate);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
    }
    if (song != null && !Files.isRegularFile(song)) {
      throw new IllegalArgumentException("--song " + song + ": no such file");
    }
    if (index != null && model == null) {
      throw new IllegalArgumentException("--index needs --model (the index belongs to a voice)");
    }
  }

  /** The CPU float32 reference's {@link OptimizationConfig}: the run's chunks and retrieval. */
  private OptimizationConfig cpuFloat32() {
    return new OptimizationConfig("cpu", OptimizationConfig.Dtype.FP32, 1, gpuRetrieval, false,
        chunkConfig, false);
  }

  /**
   * Loads the chain under test through {@code loader} ({@link VoiceLoader}, as {@code run} and
   * {@code convert} do): the given model files, or full-size random networks built from {@link
   * #SEED} ({@link RandomVoice}), so two calls build the same weights.
   */
  private Chain buildChain(VoiceLoader loader, Deque<AutoCloseable> open,
      Map<String, Double> loadMs, Map<String, Object> setup) throws Exception {
    long t = System.nanoTime();
    ContentEncoder encoder = embedder != null
        ? loader.loadEncoder(embedder)
        : RandomVoice.encoder(loader, SEED);
    open.push(encoder);
    loadMs.put("content", millisSince(t));
    t = System.nanoTime();
    LoadedVoice voice;
    String indexDescription = "none";
    if (model != null) {
      voice = loader.load(model, index, encoder);
      if (index != null) {
        FaissIndex faiss = FaissIndex.read(index);
        indexDescription = index + " (" + faiss.ntotal() + " vectors, " + faiss.nlist()
            + " lists)";
      }
    } else {
      voice = RandomVoice.load(loader, sampleRate, indexVectors, SEED, encoder);
      if (indexVectors > 0) {
        indexDescription = "random, " + indexVectors + " vectors, "
            + RandomIndex.listCount(indexVectors) + " lists, nprobe 1";
      }
    }
    open.push(voice);
    loadMs.put("voice", millisSince(t));
    Synthesizer synth = voice.synthesizer();
    PitchEstimator rmvpe = null;
    if (synth.config().pitch()) {
      t = System.nanoTime();
      rmvpe = pitchModel != null
          ? loader.loadPitchModel(pitchModel)
          : RandomVoice.pitchModel(loader, SEED);
      open.push(rmvpe);
      loadMs.put("pitch", millisSince(t));
    }
    synthConfig = synth.config();
    contentConfig = encoder.config();
    projectedFeatures = ContentEncoder.Features.forVersion(synthConfig.version()).projected();
    pitchNetwork = rmvpe == null ? null : rmvpe.network();
    setup.put("voice model", synth.source() + " (" + synth.config().version() + ", "
        + synth.sampleRate() + " Hz, pitch " + synth.config().pitch() + ")");
    setup.put("content encoder", encoder.source());
    setup.put("pitch model", rmvpe == null ? "none" : rmvpe.describe());
    setup.put("index", indexDescription + (loader.exactRetrieval() ? ", exact on device" : ""));
    setup.put("device", loader.device() + ", " + loader.dtype());
    if (loader.device().isGpu() && loader.dtype() == DataType.FLOAT32) {
      setup.put("tf32", Tf32.warning(System.getenv()).orElse("off (NVIDIA_TF32_OVERRIDE=0)"));
    }
    setup.put("torch threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    return new Chain(voice.converter(), rmvpe, loader.chunkConfig());
  }

  /**
   * {@code audio} converted again with the same weights on the CPU in float32 at batch 1 (same
   * chunking and noise): what a GPU, fp16 or batched run is compared with.
   */
  private float[] cpuReference(double[] audio, String songId, ConversionSettings settings)
      throws Exception {
    Deque<AutoCloseable> open = new ArrayDeque<>();
    try {
      Chain chain = buildChain(new VoiceLoader(cpuFloat32()), open,
          new LinkedHashMap<>(), new LinkedHashMap<>());
      return new SongConverter(chain.rmvpe(), chain.voice(), chain.chunks(), BatchPlan.single())
          .convert(audio, songId, settings, Profiler.disabled(), null);
    } finally {
      while (!open.isEmpty()) {
        open.pop().close();
      }
    }
  }

  /**
   * FLOPs of each network stage over this song ({@link NetworkFlops}): the synthesizer and the
   * content encoder per chunk of the song's plan, the pitch model per window. Stages the
   * networks' sizes give no count for are left out.
   */
  private Map<String, Double> stageFlops(SongConverter chain, double[] audio) {
    Map<String, Double> flops = new LinkedHashMap<>();
    ChunkPlan plan = chain.plan(audio);
    double synth = 0;
    double content = 0;
    for (ChunkPlan.Chunk c : plan.chunks()) {
      content += NetworkFlops.contentEncoder(contentConfig, c.length(), projectedFeatures);
      try {
        synth += NetworkFlops.synthesizer(synthConfig, c.synthFrames());
      } catch (IllegalArgumentException e) {
        synth = Double.NaN;
      }
    }
    if (pitchNetwork != null) {
      double pitch = 0;
      for (PitchWindows.Window w : PitchWindows.plan(PitchWindows.framesOf(plan.paddedLength()))
          .windows()) {
        pitch += NetworkFlops.pitch(pitchNetwork, w.length(), MelFrontEnd.MEL_BINS);
      }
      flops.put("pitch", pitch);
    }
    flops.put("content", content);
    if (!Double.isNaN(synth)) {
      flops.put("synthesizer", synth);
    }
    return flops;
  }

  /** The --song file as {@code convert} reads it: decoded, mixed to mono, resampled to 16 kHz. */
  private double[] decodeSong() throws AudioException {
    AudioDecoder.silenceFfmpegLog(); // its errors come back in the exception's message
    try (ToMono.Sink sink = ToMono.at16k().sink()) {
      AudioDecoder.decode(song, song.toString(), sink);
      return sink.samples();
    }
  }

  private static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static long processCpuNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
