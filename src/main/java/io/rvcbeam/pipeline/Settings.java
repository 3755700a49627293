package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.Setting.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table of every job setting: one row each, and nothing else names a setting twice. */
public final class Settings {

  private static final Map<String, Setting> BY_NAME = new LinkedHashMap<>();

  static {
    // settings: how songs are converted (a manifest row may override the first six).
    add("voice", "settings.voice", Type.STRING, null,
        "voice of songs without their own (default: the job's only voice)");
    add("pitch", "settings.pitch", Type.DOUBLE, "0", "semitones added to the pitch");
    add("indexRate", "settings.indexRate", Type.DOUBLE, "0.3", "retrieval blend, 0..1");
    add("protect", "settings.protect", Type.DOUBLE, "0.33", "consonant protection, 0..0.5");
    add("rmsMixRate", "settings.rmsMixRate", Type.DOUBLE, "1.0",
        "RMS envelope mix, 0..1 (1 = converted envelope)");
    add("sid", "settings.sid", Type.INT, "0", "speaker id of the voice model");
    choice("noise", "settings.noise", "seeded", List.of("seeded", "zero"),
        "synthesizer noise: seeded from (seed, song, chunk), or zero");
    add("seed", "settings.seed", Type.LONG, "0", "noise seed");
    // output
    add("outputLocation", "output.location", Type.STRING, null,
        "folder for outputs and reports (local path or gs://…)");
    choice("format", "output.format", "wav", OutputFormat.CONTAINERS,
        "output container (mp3, ogg, opus, m4a: lossy; opus is always 48 kHz)");
    choice("sampleFormat", "output.sampleFormat", "pcm16", List.of("pcm16", "pcm24", "float32"),
        "output sample format (wav, flac)");
    add("bitRate", "output.bitRate", Type.INT, null,
        "kbit/s of mp3/ogg/opus/m4a (default: 192, opus 128)");
    add("overwrite", "output.overwrite", Type.BOOLEAN, "false",
        "convert songs whose output exists (default: skip them)");
    // optimisation
    choice("preset", "optimisation.preset", "auto",
        List.of("auto", "cpu", "nvidia", "apple-silicon"),
        "hardware preset; auto = nvidia if DJL sees a GPU, else cpu");
    choice("device", "optimisation.device", "cpu", List.of("cpu", "gpu", "mps"), "device");
    add("batchSize", "optimisation.batchSize", Type.INT, "1", "chunks per network call");
    add("useFp16", "optimisation.useFp16", Type.BOOLEAN, "false", "fp16 networks (GPU only)");
    add("gpuRetrieval", "optimisation.gpuRetrieval", Type.BOOLEAN, "false",
        "exact kNN retrieval on the device");
    add("gpuFilter", "optimisation.gpuFilter", Type.BOOLEAN, "false",
        "no effect but a warning: the high-pass runs on the CPU");
    add("profiling", "optimisation.profiling", Type.BOOLEAN, "false",
        "per-stage times in the report");
    add("chunkPad", "optimisation.chunkPad", Type.INT, null,
        "x_pad seconds (default: 1 in fp32, 3 in fp16)");
    add("chunkQuery", "optimisation.chunkQuery", Type.INT, null,
        "x_query seconds (default: 6 in fp32, 10 in fp16)");
    add("chunkCenter", "optimisation.chunkCenter", Type.INT, null,
        "x_center seconds (default: 38 in fp32, 60 in fp16)");
    add("chunkMax", "optimisation.chunkMax", Type.INT, null,
        "x_max seconds (default: 41 in fp32, 65 in fp16)");
    add("engineThreads", "optimisation.engineThreads", Type.INT, "1",
        "libtorch threads per network call; DoFn threads = cores / engineThreads");
    // runner
    add("runner", "runner.name", Type.STRING, "DirectRunner",
        "Beam runner: DirectRunner, FlinkRunner (embedded [local] unless --flinkMaster), …");
    add("components", "runner.components", Type.STRING,
        "io.rvcbeam.components.RvcComponents",
        "class implementing ConversionComponents (tests plug fakes here)");
  }

  private Settings() {}

  private static void add(String name, String path, Type type, String def, String description) {
    BY_NAME.put(name, new Setting(name, path, type, def, List.of(), description));
  }

  private static void choice(
      String name, String path, String def, List<String> choices, String description) {
    BY_NAME.put(name, new Setting(name, path, Type.CHOICE, def, choices, description));
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
