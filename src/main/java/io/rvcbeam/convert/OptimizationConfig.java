package io.rvcbeam.convert;

import io.rvcbeam.nn.Tf32;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Where and how the networks run: device, dtype, batch size, retrieval placement,
 * chunking and profiling. One immutable value, built from a preset plus overrides by {@link
 * #of}, which checks the combination.
 *
 * <p>Invalid combinations and what happens:
 *
 * <ul>
 *   <li>{@code useFp16} on the CPU: warning, fp32 (libtorch fp16 on CPU is 8-32x slower).
 *   <li>{@code gpuFilter} or {@code gpuRetrieval} on the CPU: warning, done on the CPU.
 *   <li>device {@code gpu} while DJL sees no GPU: error (the user asked for hardware that is not
 *       there; silently running 30x slower would hide it).
 *   <li>{@code batchSize} below 1: error.
 * </ul>
 *
 * @param device {@code cpu}, {@code gpu} or {@code mps} (DJL device type names)
 * @param dtype compute dtype of the networks
 * @param batchSize chunks per network call
 * @param gpuRetrieval exact kNN on the device instead of the FAISS-compatible search
 * @param gpuFilter asks for the high-pass on the device; no device filter is built, so it only
 *     earns a warning (the float64 CPU filter is exact and cheap)
 * @param chunking the chunking constants (RVC's x_pad, x_query, x_center, x_max)
 * @param profiling per-stage times in the report
 */
public record OptimizationConfig(
    String device,
    Dtype dtype,
    int batchSize,
    boolean gpuRetrieval,
    boolean gpuFilter,
    ChunkConfig chunking,
    boolean profiling)
    implements Serializable {

  /** Compute dtype. bf16 is absent on purpose: it aborts the JVM in DJL 0.36. */
  public enum Dtype {
    FP32,
    FP16
  }

  /** The presets; {@code auto} picks {@code nvidia} when DJL sees a GPU, else {@code cpu}. */
  public static final List<String> PRESETS = List.of("auto", "cpu", "nvidia", "apple-silicon");

  public OptimizationConfig {
    if (!List.of("cpu", "gpu", "mps").contains(device)) {
      throw new IllegalArgumentException("device must be cpu, gpu or mps, got " + device);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
  }

  /**
   * The warning a GPU float32 run gets while TF32 matrix products are allowed ({@link Tf32}),
   * for code above {@code convert} (a worker JVM's start-up).
   */
  public static java.util.Optional<String> tf32Warning(Map<String, String> environment) {
    return Tf32.warning(environment);
  }

  /** Number of GPUs DJL's default engine sees (0 when the engine has no GPU build). */
  public static IntSupplier djlGpuCount() {
    return () -> ai.djl.engine.Engine.getInstance().getGpuCount();
  }

  /** The preset a name stands for, {@code auto} resolved with {@code gpuCount}. */
  public static String resolvePreset(String preset, int gpuCount) {
    String name = preset.toLowerCase(Locale.ROOT);
    if (!PRESETS.contains(name)) {
      throw new IllegalArgumentException("unknown preset '" + preset + "'; presets: " + PRESETS);
    }
    return name.equals("auto") ? (gpuCount > 0 ? "nvidia" : "cpu") : name;
  }

  /**
   * The setting values a preset gives, by setting name (device, useFp16, batchSize,
   * gpuRetrieval, gpuFilter): the "preset" layer of the settings precedence.
   */
  public static Map<String, String> presetValues(String preset, int gpuCount) {
    Map<String, String> values = new LinkedHashMap<>();
    switch (resolvePreset(preset, gpuCount)) {
      case "nvidia" -> {
        values.put("device", "gpu");
        values.put("useFp16", "false");
        values.put("batchSize", "8");
        values.put("gpuRetrieval", "true");
        values.put("gpuFilter", "true");
      }
      case "apple-silicon" -> {
        values.put("device", "mps");
        values.put("useFp16", "false");
        values.put("batchSize", "4");
        values.put("gpuRetrieval", "true");
        // MPS has no float64, and the 48 Hz Butterworth needs it (docs/algorithm.md §2.3).
        values.put("gpuFilter", "false");
      }
      default -> {
        values.put("device", "cpu");
        values.put("useFp16", "false");
        values.put("batchSize", "1");
        values.put("gpuRetrieval", "false");
        values.put("gpuFilter", "false");
      }
    }
    return values;
  }

  /**
   * Checks a combination of resolved values and builds the config.
   *
   * @param chunking explicit chunking, or null for the dtype's default
   * @param warnings receives one line per fallback taken
   * @throws IllegalArgumentException for the combinations that are errors (see class doc)
   */
  public static OptimizationConfig of(
      String device,
      boolean useFp16,
      int batchSize,
      boolean gpuRetrieval,
      boolean gpuFilter,
      ChunkConfig chunking,
      boolean profiling,
      int gpuCount,
      List<String> warnings) {
    String dev = device.toLowerCase(Locale.ROOT);
    if (dev.equals("gpu") && gpuCount <= 0) {
      throw new IllegalArgumentException(
          "device gpu was asked for, but DJL sees no GPU (is a CUDA libtorch installed? see"
              + " docs/runtime-notes.md §8); use --preset=cpu or --device=cpu");
    }
    List<String> said = new ArrayList<>();
    boolean fp16 = useFp16;
    if (fp16 && dev.equals("cpu")) {
      said.add("useFp16 ignored on the CPU (fp16 there is 8-32x slower); using fp32");
      fp16 = false;
    }
    boolean filterOnDevice = gpuFilter;
    if (filterOnDevice && dev.equals("cpu")) {
      said.add("gpuFilter ignored: no GPU device; filtering on the CPU");
      filterOnDevice = false;
    }
    boolean retrievalOnDevice = gpuRetrieval;
    if (retrievalOnDevice && dev.equals("cpu")) {
      said.add("gpuRetrieval ignored: no GPU device; using the FAISS-compatible search");
      retrievalOnDevice = false;
    }
    if (dev.equals("gpu") && filterOnDevice) {
      said.add("gpuFilter: the high-pass runs on the CPU in float64 (exact; measured 0.4 ms per"
          + " second of audio, 2% of a GPU conversion); no device filter is built");
    }
    if (dev.equals("gpu") && !fp16) {
      Tf32.warning(System.getenv()).ifPresent(said::add);
    }
    warnings.addAll(said);
    Dtype dtype = fp16 ? Dtype.FP16 : Dtype.FP32;
    ChunkConfig chunks = chunking != null ? chunking : fp16 ? ChunkConfig.FP16 : ChunkConfig.FP32;
    return new OptimizationConfig(
        dev, dtype, batchSize, retrievalOnDevice, filterOnDevice, chunks, profiling);
  }
}
