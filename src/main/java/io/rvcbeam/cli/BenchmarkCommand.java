package io.rvcbeam.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioException;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.audio.Resampler;
import io.rvcbeam.checkpoint.FaissIndex;
import io.rvcbeam.convert.BatchPlan;
import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.ChunkPlan;
import io.rvcbeam.convert.PitchWindows;
import io.rvcbeam.convert.bench.NetworkFlops;
import io.rvcbeam.models.hubert.HubertConfig;
import io.rvcbeam.models.rmvpe.E2eNetwork;
import io.rvcbeam.models.rmvpe.MelFrontEnd;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.ExactKnnRetrieval;
import io.rvcbeam.convert.IvfRetrieval;
import io.rvcbeam.convert.Profiler;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.convert.SlotInvarianceCheck;
import io.rvcbeam.convert.SongConverter;
import io.rvcbeam.convert.VoiceConverter;
import io.rvcbeam.convert.bench.RandomIndex;
import io.rvcbeam.convert.bench.SyntheticSong;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.Synthesizer;
import io.rvcbeam.models.random.RandomHubertWeights;
import io.rvcbeam.models.random.RandomSynthWeights;
import io.rvcbeam.models.random.RmvpeStateDicts;
import io.rvcbeam.nn.Tf32;
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
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
          + "slot (self-check); a size that fails runs one chunk per call."
    },
    sortOptions = false)
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

  @Option(names = "--batchSize", split = ",", description = "Chunks per network call; a list "
      + "(1,2,4,8) runs the song once per size and prints one line per size (default 1).")
  private int[] batchSizes = {1};

  @Option(names = "--device", description = "cpu or gpu (default ${DEFAULT-VALUE}).")
  private String device = "cpu";

  @Option(names = "--useFp16", description = "Run the networks in float16 (GPU only).")
  private boolean useFp16;

  @Option(names = "--gpuRetrieval",
      description = "Exact k-NN on the device instead of the host IVF search.")
  private boolean gpuRetrieval;

  @Option(names = "--indexVectors", description = "Vectors of the random index; 0 for no index "
      + "(default ${DEFAULT-VALUE}).")
  private int indexVectors = 20000;

  @Option(names = "--indexRate", description = "Retrieval blend rate (default ${DEFAULT-VALUE}).")
  private double indexRate = 0.3;

  @Option(names = "--rmsMixRate", description = "RMS mix rate; 1 skips the stage (default "
      + "${DEFAULT-VALUE}).")
  private double rmsMixRate = 0.25;

  @Option(names = "--repeat", description = "Timed conversions; the fastest is reported (default "
      + "${DEFAULT-VALUE}).")
  private int repeat = 1;

  @Option(names = "--warmupSeconds", description = "Length of an untimed warm-up conversion; 0 "
      + "for none (default ${DEFAULT-VALUE}).")
  private double warmupSeconds = 3;

  @Option(names = "--threads", description = "libtorch intra-op threads (default: the "
      + "ai.djl.pytorch.num_threads property, else libtorch's choice).")
  private Integer threads;

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

  @Spec private CommandSpec spec;

  private static final long SEED = 20240601L;

  // sizes of the networks under test, for the FLOP count (set by buildChain)
  private SynthConfig synthConfig;
  private HubertConfig contentConfig;
  private boolean projectedFeatures;
  private E2eNetwork pitchNetwork;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Override
  public Integer call() throws Exception {
    validate();
    // libtorch reads these when the engine loads: before the first NDManager.
    if (threads != null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    Device dev = device.equals("gpu") ? Device.gpu() : Device.cpu();
    DataType dtype = useFp16 ? DataType.FLOAT16 : DataType.FLOAT32;
    Deque<AutoCloseable> open = new ArrayDeque<>();
    try (PeakMemorySampler memory = new PeakMemorySampler()) {
      Map<String, Double> loadMs = new LinkedHashMap<>();
      Map<String, Object> setup = new LinkedHashMap<>();
      Chain chain = buildChain(dev, dtype, open, loadMs, setup);
      // The weights' host copies are garbage now (they live as tensors): one full collection
      // lets the heap shrink to what is live (launcher: MaxHeapFreeRatio) before the timed runs.
      System.gc();
      ConversionSettings settings = ConversionSettings.defaults().withIndexRate(indexRate)
          .withRmsMixRate(rmsMixRate);
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
        BatchPlan plan = BatchPlan.of(chain.chunks(), size);
        String check = "not run (CPU)";
        if (!plan.padded()) {
          check = "not needed (batch 1)";
        } else if (dev.isGpu()) {
          BatchPlan verified = SlotInvarianceCheck.verified(chain.voice(), plan);
          check = verified.padded() ? "passed" : "FAILED: bytes differ by slot, ran batch 1";
          plan = verified;
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

  private void validate() {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
    }
    if (sampleRate != 32000 && sampleRate != 40000 && sampleRate != 48000) {
      throw new IllegalArgumentException(
          "--sampleRate must be 32000, 40000 or 48000, got " + sampleRate);
    }
    if (!device.equals("cpu") && !device.equals("gpu")) {
      throw new IllegalArgumentException("--device must be cpu or gpu, got " + device);
    }
    if (repeat < 1 || batchSizes.length == 0
        || java.util.Arrays.stream(batchSizes).anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException("--repeat and --batchSize must be at least 1");
    }
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    if (song != null && !Files.isRegularFile(song)) {
      throw new IllegalArgumentException("--song " + song + ": no such file");
    }
    if (index != null && model == null) {
      throw new IllegalArgumentException("--index needs --model (the index belongs to a voice)");
    }
  }

  /**
   * Loads the chain under test on {@code dev} in {@code dtype}: the given model files, or
   * full-size random networks built from {@link #SEED}, so two calls build the same weights.
   */
  private Chain buildChain(Device dev, DataType dtype, Deque<AutoCloseable> open,
      Map<String, Double> loadMs, Map<String, Object> setup) throws Exception {
    long t = System.nanoTime();
    Synthesizer synth = loadSynthesizer(dev, dtype);
    open.push(synth);
    loadMs.put("synthesizer", millisSince(t));
    t = System.nanoTime();
    ContentEncoder encoder = embedder != null
        ? ContentEncoder.load(embedder, dev, dtype)
        : ContentEncoder.fromStateDict("random HuBERT base", RandomHubertWeights.fullSize(SEED),
            Map.of(), dev, dtype);
    open.push(encoder);
    loadMs.put("content", millisSince(t));
    PitchEstimator rmvpe = null;
    if (synth.config().pitch()) {
      t = System.nanoTime();
      rmvpe = pitchModel != null
          ? PitchEstimator.load(pitchModel, dev, dtype)
          : PitchEstimator.fromStateDict("random RMVPE", RmvpeStateDicts.released(SEED), dev,
              dtype);
      open.push(rmvpe);
      loadMs.put("pitch", millisSince(t));
    }
    t = System.nanoTime();
    int width = synth.config().phoneDim();
    String indexDescription = "none";
    Retrieval retrieval = null;
    if (index != null) {
      FaissIndex faiss = FaissIndex.read(index);
      Retrieval.check(faiss, width, synth.source());
      retrieval = gpuRetrieval ? ExactKnnRetrieval.of(faiss, dev) : IvfRetrieval.of(faiss);
      indexDescription = index + " (" + faiss.ntotal() + " vectors, " + faiss.nlist()
          + " lists)";
    } else if (model == null && indexVectors > 0) {
      RandomIndex random = RandomIndex.build(indexVectors, width, SEED);
      retrieval = gpuRetrieval ? random.exact(dev) : random.ivf();
      indexDescription = "random, " + random.vectors() + " vectors, " + random.lists()
          + " lists, nprobe 1";
    }
    if (retrieval != null) {
      open.push(retrieval);
      loadMs.put("index", millisSince(t));
    }

    VoiceConverter voice = new VoiceConverter(encoder, synth, retrieval);
    synthConfig = synth.config();
    contentConfig = encoder.config();
    projectedFeatures = ContentEncoder.Features.forVersion(synthConfig.version()).projected();
    pitchNetwork = rmvpe == null ? null : rmvpe.network();
    setup.put("voice model", synth.source() + " (" + synth.config().version() + ", "
        + synth.sampleRate() + " Hz, pitch " + synth.config().pitch() + ")");
    setup.put("content encoder", encoder.source());
    setup.put("pitch model", rmvpe == null ? "none" : rmvpe.describe());
    setup.put("index", indexDescription + (gpuRetrieval ? ", exact on device" : ""));
    setup.put("device", dev + ", " + dtype);
    if (dev.isGpu() && dtype == DataType.FLOAT32) {
      setup.put("tf32", Tf32.warning(System.getenv()).orElse("off (NVIDIA_TF32_OVERRIDE=0)"));
    }
    setup.put("torch threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    return new Chain(voice, rmvpe, useFp16 ? ChunkConfig.FP16 : ChunkConfig.FP32);
  }

  /**
   * {@code audio} converted again with the same weights on the CPU in float32 at batch 1 (same
   * chunking and noise): what a GPU, fp16 or batched run is compared with.
   */
  private float[] cpuReference(double[] audio, String songId, ConversionSettings settings)
      throws Exception {
    Deque<AutoCloseable> open = new ArrayDeque<>();
    try {
      Chain chain = buildChain(Device.cpu(), DataType.FLOAT32, open, new LinkedHashMap<>(),
          new LinkedHashMap<>());
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
    PcmAudio decoded = AudioDecoder.decode(song);
    if (decoded.frames() == 0) {
      throw new IllegalArgumentException("--song " + song + ": the file holds no audio samples");
    }
    return Resampler.toMono16k(decoded);
  }

  private Synthesizer loadSynthesizer(Device dev, DataType dtype) throws Exception {
    if (model != null) {
      return Synthesizer.load(model, dev, dtype);
    }
    SynthConfig config = RandomSynthWeights.realConfig("v2", true, sampleRate);
    return Synthesizer.fromWeights("random v2 " + sampleRate / 1000 + "k", config,
        RandomSynthWeights.build(config, SEED), dev, dtype);
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
