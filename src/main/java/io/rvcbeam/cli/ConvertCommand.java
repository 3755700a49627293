package io.rvcbeam.cli;

import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.checkpoint.EmbedderInfo;
import io.rvcbeam.checkpoint.EmbedderName;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import io.rvcbeam.checkpoint.VoiceModelInfo;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.ChunkPlan;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.Encode;
import io.rvcbeam.convert.LoadedVoice;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.convert.Profiler;
import io.rvcbeam.convert.SongConverter;
import io.rvcbeam.convert.ToMono;
import io.rvcbeam.convert.VoiceLoader;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.pipeline.job.ResolvedSettings;
import io.rvcbeam.pipeline.job.SettingsResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code rvc-beam convert IN OUT --model=M.pth ...}: one song through the whole RVC chain on this
 * machine (on the device the settings give, as {@code run} resolves them), without Beam. Every
 * model and index file is read and checked before the audio is decoded; any failure is one line
 * on stderr, exit code 1, and no output file.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Converts one audio file (any format FFmpeg decodes) with an RVC voice model and writes"
          + " OUT as WAV, FLAC, MP3, Ogg Vorbis, Opus or M4A (from its extension) at the model's"
          + " sample rate (Opus: 48 kHz; MP3/M4A: 44.1 kHz for a 40 kHz model), with the"
          + " input's tags.",
      "",
      "The content encoder and the RMVPE pitch model are shared by every voice model. Where"
          + " --embedder or --pitchModel is not given they are looked up in the directory of the"
          + " environment variable RVC_MODELS_DIR:",
      "  content encoder: contentvec/ or embedders/contentvec/ (a Hugging Face directory with"
          + " config.json and pytorch_model.bin or model.safetensors), or hubert_base.pt;",
      "    from https://huggingface.co/lengyue233/content-vec-best",
      "  RMVPE: rmvpe.pt or predictors/rmvpe.pt;",
      "    from https://huggingface.co/lj1995/VoiceConversionWebUI (rmvpe.pt)",
      "Applio and Ultimate RVC download both; point RVC_MODELS_DIR at a directory holding them.",
      "",
      "Settings are the ones `run` takes, with the same names, values, defaults and RVC_"
          + " variables (flag > environment > preset > default): preset auto runs on the GPU"
          + " when DJL sees one. libtorch uses --engineThreads threads (1: the count changes the"
          + " low bits, so convert and run write the same bytes only with the same count).",
      "Exit codes: 0 written, 1 conversion failed (one line on stderr), 2 bad command line."
    },
    sortOptions = false,
    abbreviateSynopsis = true,
    modelTransformer = SettingOptions.class)
public final class ConvertCommand implements Callable<Integer> {

  static final int FAILED = 1;
  static final int BAD_COMMAND_LINE = 2;


  @Parameters(index = "0", paramLabel = "IN", description = "Input audio file.")
  private Path input;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output file: .wav, .flac, .mp3, .ogg, .opus or .m4a.")
  private Path output;

  @Option(names = "--model", required = true, paramLabel = "M.pth", description = "Voice model.")
  private Path model;

  @Option(
      names = "--index",
      paramLabel = "I.index",
      description = "The voice model's feature index (added_*.index); none: no retrieval.")
  private Path index;

  @Option(
      names = "--embedder",
      paramLabel = "PATH",
      description = "Content encoder (HF directory or hubert_base.pt); default: RVC_MODELS_DIR.")
  private Path embedder;

  @Option(
      names = "--pitchModel",
      paramLabel = "PATH",
      description = "RMVPE rmvpe.pt; default: RVC_MODELS_DIR.")
  private Path pitchModel;

  @Option(names = "--verbose", description = "Print stack traces of errors and FFmpeg's log.")
  private boolean verbose;

  @Unmatched private List<String> unmatched = new ArrayList<>();

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;
  private final IntSupplier gpuCount;

  public ConvertCommand() {
    this(System.getenv());
  }

  /**
   * @param environment where {@value SharedModelFiles#ENV} and the settings' {@code RVC_*}
   *     variables are read (tests pass their own)
   */
  ConvertCommand(Map<String, String> environment) {
    this(environment, OptimizationConfig.djlGpuCount());
  }

  /** For tests: also the GPU count preset auto and device gpu see. */
  ConvertCommand(Map<String, String> environment, IntSupplier gpuCount) {
    this.environment = Map.copyOf(environment);
    this.gpuCount = gpuCount;
  }

  /** A failure the user can act on: reported as its one-line message. */
  private static final class ConvertException extends Exception {
    ConvertException(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String unknown = SettingOptions.unknown(spec, unmatched, Set.of());
    if (unknown != null) {
      err.println("error: " + unknown);
      err.flush();
      return BAD_COMMAND_LINE;
    }
    try {
      run(err);
      return 0;
    } catch (ConvertException | IOException | SharedModelFiles.MissingModelException e) {
      return fail(err, e.getMessage(), e);
    } catch (RuntimeException | OutOfMemoryError e) {
      return fail(err, input + ": conversion failed: " + e, e);
    } finally {
      err.flush();
    }
  }

  private int fail(PrintWriter err, String message, Throwable e) {
    err.println("error: " + message.replace('\n', ' '));
    if (verbose) {
      e.printStackTrace(err);
    }
    return FAILED;
  }

  private void run(PrintWriter err)
      throws ConvertException, IOException, SharedModelFiles.MissingModelException {
    SettingsResolver resolver = resolver();
    ResolvedSettings resolved;
    try {
      TableSettings.applyEngineThreads(resolver.resolveOne("engineThreads"));
      resolved = resolver.resolve(gpuCount);
    } catch (IllegalArgumentException e) {
      throw new ConvertException(e.getMessage());
    }
    ConversionSettings settings = settings(resolved);
    List<String> warnings = new ArrayList<>();
    OptimizationConfig optimization;
    try {
      optimization = resolved.optimization(gpuCount, warnings);
    } catch (IllegalArgumentException e) {
      throw new ConvertException(e.getMessage());
    }
    warnings.forEach(w -> err.println("warning: " + w));
    Encode encode = outputFormat(resolved.string("sampleFormat"),
        resolved.isSet("bitRate") ? resolved.integer("bitRate") : 0);
    requireFile(input, "IN");
    requireFile(model, "--model");
    if (index != null) {
      requireFile(index, "--index");
    }
    if (embedder != null) {
      requireExists(embedder, "--embedder");
    }
    if (pitchModel != null) {
      requireFile(pitchModel, "--pitchModel");
    }

    boolean profile = resolved.bool("profiling");
    Profiler profiler = Profiler.of(profile);
    SharedModelFiles shared = new SharedModelFiles(environment);
    String trainedWith = VoiceModelInfo.of(TorchCheckpoint.read(model)).embedderModel();
    Path embedderPath = shared.embedder(embedder, trainedWith);
    String mismatch = EmbedderName.mismatch(String.valueOf(model), trainedWith,
        String.valueOf(embedderPath), EmbedderInfo.nameOf(embedderPath));
    if (mismatch != null) {
      throw new ConvertException(mismatch);
    }
    VoiceLoader loader = new VoiceLoader(optimization);
    try (ContentEncoder encoder = loader.loadEncoder(embedderPath);
        LoadedVoice voice = loadVoice(loader, encoder);
        PitchEstimator rmvpe =
            voice.synthesizer().config().pitch()
                ? loader.loadPitchModel(shared.rmvpe(pitchModel))
                : null) {
      SongConverter converter = SongConverter.of(rmvpe, voice, loader);

      if (verbose) {
        AudioDecoder.showFfmpegLog();
      } else {
        AudioDecoder.silenceFfmpegLog(); // its errors come back in the exception's message
      }
      AudioTags tags;
      double[] audio16k;
      try (ToMono.Sink sink = ToMono.at16k().sink()) {
        tags = AudioDecoder.decode(input, input.toString(), sink).carriedOver();
        audio16k = sink.samples();
      }
      float[] converted;
      try {
        // The pipeline's song id (the output's file name without extension), so seeded noise,
        // and with it the output, is the same whichever way a song is converted.
        String songId = songId(output);
        SongConverter.PreparedSong song = converter.prepare(audio16k, songId, settings, profiler);
        audio16k = null; // only the high-passed copy is needed from here on
        converted =
            converter.convert(song, settings, profiler, progress(err, song, song.chunks().size()));
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new ConvertException(input + ": " + e.getMessage());
      }
      PcmAudio out = PcmAudio.monoOwning(converter.sampleRate(), converted).withTags(tags);
      converted = null;
      long writeStart = System.nanoTime();
      encode.write(out, output);
      profiler.add("write", System.nanoTime() - writeStart);
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "%s: %.1f s at %d Hz (%s)%n",
              output,
              out.durationSeconds(),
              encode.encodedRate(out.sampleRate()),
              encode.format());
      spec.commandLine().getOut().flush();
      if (profile) {
        profiler.millis().forEach((k, v) -> err.printf(Locale.ROOT, "%-10s %10.0f ms%n", k, v));
      }
    }
  }

  /** The pipeline's song id of a file: its name without the extension. */
  static String songId(Path file) {
    String fileName = String.valueOf(file.getFileName());
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  /** The voice and its index; a model that does not fit the encoder or index is one line. */
  private LoadedVoice loadVoice(VoiceLoader loader, ContentEncoder encoder)
      throws ConvertException, IOException {
    try {
      return loader.load(model, index, encoder);
    } catch (IllegalArgumentException e) {
      throw new ConvertException(e.getMessage());
    }
  }

  /** "chunk 3/12 done, 95.1 s of 380.0 s" after each batch of a song of more than one chunk. */
  private static IntConsumer progress(PrintWriter err, SongConverter.PreparedSong song, int total) {
    if (total < 2) {
      return null;
    }
    ChunkPlan plan = song.plan();
    List<ChunkPlan.Chunk> chunks = plan.chunks();
    double seconds = plan.sampleCount() / (double) ChunkConfig.SAMPLE_RATE;
    int tPad = plan.config().tPad();
    return done -> {
      ChunkPlan.Chunk last = chunks.get(done - 1);
      double at =
          done == total
              ? seconds
              : Math.min(seconds, (last.padEnd() - tPad) / (double) ChunkConfig.SAMPLE_RATE);
      err.printf(Locale.ROOT, "chunk %d/%d done, %.1f s of %.1f s%n", done, total, at, seconds);
      err.flush();
    };
  }

  /** The settings table's resolver for this command line: flag > environment > preset > default. */
  SettingsResolver resolver() {
    return new SettingsResolver(SettingOptions.given(spec), Map.of(), environment, "none");
  }

  /** Every setting convert takes, resolved, without side effects (tests walk the table here). */
  ResolvedSettings resolvedSettings() {
    return resolver().resolve(gpuCount);
  }

  private static ConversionSettings settings(ResolvedSettings resolved) throws ConvertException {
    try {
      return TableSettings.conversion(resolved);
    } catch (IllegalArgumentException e) {
      throw new ConvertException("invalid setting: " + e.getMessage());
    }
  }

  /** @param bitRate kbit/s for a lossy file, 0 for its default */
  private Encode outputFormat(String sampleFormat, int bitRate) throws ConvertException {
    Encode encode;
    try {
      encode = Encode.forFileName(String.valueOf(output.getFileName()), sampleFormat, bitRate);
    } catch (IllegalArgumentException e) {
      throw new ConvertException(output + ": " + e.getMessage());
    }
    Path dir = output.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ConvertException(output + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(output)) {
      throw new ConvertException(output + ": is a directory");
    }
    return encode;
  }

  private static void requireFile(Path file, String what) throws ConvertException {
    requireExists(file, what);
    if (!Files.isRegularFile(file)) {
      throw new ConvertException(file + ": not a regular file (" + what + ")");
    }
  }

  private static void requireExists(Path file, String what) throws ConvertException {
    if (!Files.exists(file)) {
      throw new ConvertException(file + ": no such file (" + what + ")");
    }
  }
}
