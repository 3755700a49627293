package io.rvcbeam.pipeline.job;

import static io.rvcbeam.pipeline.job.Setting.Command.CONVERT;
import static io.rvcbeam.pipeline.job.Setting.Command.RUN;

import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.pipeline.job.Setting.Command;
import io.rvcbeam.pipeline.job.Setting.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table of every job setting: one row each, and nothing else names a setting twice. */
public final class Settings {

  private static final Map<String, Setting> BY_NAME = new LinkedHashMap<>();

  static {
    double semitones = ConversionSettings.MAX_SEMITONES;
    // settings: how songs are converted (a manifest row may override the first six).
    put(of("voice", "settings.voice", Type.STRING, null,
        "voice of songs without their own (default: the job's only voice)").onlyIn(RUN));
    put(of("pitch", "settings.pitch", Type.INT, "0", "semitones added to the pitch")
        .range(-semitones, semitones));
    put(of("indexRate", "settings.indexRate", Type.DOUBLE, "0.3",
        "weight of the retrieved features (0: no retrieval)").range(0.0, 1.0));
    put(of("protect", "settings.protect", Type.DOUBLE, "0.33",
        "protection of unvoiced sounds (0.5: off)").range(0.0, 0.5));
    put(of("rmsMixRate", "settings.rmsMixRate", Type.DOUBLE, "1.0",
        "volume envelope: 0 = the input's, 1 = the conversion's own").range(0.0, 1.0));
    put(of("sid", "settings.sid", Type.INT, "0", "speaker id of the voice model")
        .range(0.0, null));
    put(choice("noise", "settings.noise", "seeded", List.of("seeded", "zero"),
        "synthesizer noise: seeded from (seed, song id, chunk), or zero"));
    put(of("seed", "settings.seed", Type.LONG, "0", "noise seed"));
    // output
    put(of("outputLocation", "output.location", Type.STRING, null,
        "folder for outputs and reports (local path or gs://…)").onlyIn(RUN));
    put(choice("format", "output.format", "wav", OutputFormat.CONTAINERS,
        "output container (mp3, ogg, opus, m4a: lossy; opus is always 48 kHz)").onlyIn(RUN));
    put(choice("sampleFormat", "output.sampleFormat", "pcm16", List.of("pcm16", "pcm24", "float32"),
        "output sample format (wav, flac; float32: wav only)")
        .onlyIn(RUN, CONVERT)
        .misspelled(Map.of("int16", "pcm16", "int24", "pcm24", "float", "float32")));
    put(of("bitRate", "output.bitRate", Type.INT, null,
        "kbit/s of mp3/ogg/opus/m4a (default: 192, opus 128)").range(1.0, 512.0)
        .onlyIn(RUN, CONVERT));
    put(of("overwrite", "output.overwrite", Type.BOOLEAN, "false",
        "convert songs whose output exists (default: skip them)").onlyIn(RUN));
    // optimisation
    put(choice("preset", "optimisation.preset", "auto",
        List.of("auto", "cpu", "nvidia", "apple-silicon"),
        "hardware preset; auto = nvidia if DJL sees a GPU, else cpu"));
    put(choice("device", "optimisation.device", "cpu", List.of("cpu", "gpu", "mps"),
        "where the networks run").misspelled(Map.of("cuda", "gpu")));
    put(of("batchSize", "optimisation.batchSize", Type.INT, "1", "chunks per network call")
        .range(1.0, null));
    put(of("useFp16", "optimisation.useFp16", Type.BOOLEAN, "false",
        "fp16 networks (GPU only)"));
    put(of("gpuRetrieval", "optimisation.gpuRetrieval", Type.BOOLEAN, "false",
        "exact kNN retrieval on the device"));
    put(of("gpuFilter", "optimisation.gpuFilter", Type.BOOLEAN, "false",
        "no effect but a warning: the high-pass runs on the CPU"));
    put(of("profiling", "optimisation.profiling", Type.BOOLEAN, "false",
        "per-stage times (run: in the report; convert: on stderr)").onlyIn(RUN, CONVERT));
    put(of("chunkPad", "optimisation.chunkPad", Type.INT, null,
        "x_pad seconds (default: 1 in fp32, 3 in fp16)").range(0.0, null));
    put(of("chunkQuery", "optimisation.chunkQuery", Type.INT, null,
        "x_query seconds (default: 6 in fp32, 10 in fp16)").range(1.0, null));
    put(of("chunkCenter", "optimisation.chunkCenter", Type.INT, null,
        "x_center seconds (default: 38 in fp32, 60 in fp16)").range(1.0, null));
    put(of("chunkMax", "optimisation.chunkMax", Type.INT, null,
        "x_max seconds (default: 41 in fp32, 65 in fp16)").range(1.0, null));
    put(of("engineThreads", "optimisation.engineThreads", Type.INT, "1",
        "libtorch threads per network call (the count changes the low bits); run: DoFn threads"
            + " = cores / engineThreads").range(1.0, null));
    // runner
    put(of("runner", "runner.name", Type.STRING, "DirectRunner",
        "Beam runner: DirectRunner, FlinkRunner (embedded [local] unless --flinkMaster), …")
        .onlyIn(RUN));
    put(of("components", "runner.components", Type.STRING,
        "io.rvcbeam.components.RvcComponents",
        "class implementing ConversionComponents (tests plug fakes here)").onlyIn(RUN));
  }

  private Settings() {}

  private static Setting of(String name, String path, Type type, String def, String description) {
    return Setting.of(name, path, type, def, List.of(), description);
  }

  private static Setting choice(
      String name, String path, String def, List<String> choices, String description) {
    return Setting.of(name, path, Type.CHOICE, def, choices, description);
  }

  private static void put(Setting setting) {
    BY_NAME.put(setting.name(), setting);
  }

  /** The settings a command takes, in table order. */
  public static List<Setting> of(Command command) {
    List<Setting> taken = new ArrayList<>();
    for (Setting setting : BY_NAME.values()) {
      if (setting.takenBy(command)) {
        taken.add(setting);
      }
    }
    return taken;
  }

  public static List<Setting> all() {
    return new ArrayList<>(BY_NAME.values());
  }

  /** The setting of a flag name, or null. */
  public static Setting byName(String name) {
    return BY_NAME.get(name);
  }

  /** The setting at a job-file path ({@code optimisation.batchSize}), or null. */
  public static Setting byJobPath(String path) {
    for (Setting setting : BY_NAME.values()) {
      if (setting.jobPath().equals(path)) {
        return setting;
      }
    }
    return null;
  }

  /** The keys a job-file section may hold. */
  public static List<String> keysOf(String section) {
    List<String> keys = new ArrayList<>();
    for (Setting setting : BY_NAME.values()) {
      if (setting.section().equals(section)) {
        keys.add(setting.key());
      }
    }
    return keys;
  }
}
