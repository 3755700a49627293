package io.rvcbeam.pipeline.job;

import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.OptimizationConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** Every setting's effective value and where it came from. */
public final class ResolvedSettings {

  /** One effective value; {@code value} is null when unset. */
  public record Value(Setting setting, String value, SettingSource source, String origin) {}

  private final Map<String, Value> values;

  ResolvedSettings(Map<String, Value> values) {
    this.values = new LinkedHashMap<>(values);
  }

  public Value get(String name) {
    Value value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no setting named " + name);
    }
    return value;
  }

  public boolean isSet(String name) {
    return get(name).value() != null;
  }

  public String string(String name) {
    return get(name).value();
  }

  /** The value, or an error saying every place it can be set. */
  public String required(String name) {
    Value value = get(name);
    if (value.value() == null) {
      Setting s = value.setting();
      throw new IllegalArgumentException(
          "setting " + name + " is required: set " + s.jobPath() + " in the job file, --"
              + name + "=… or " + s.envName());
    }
    return value.value();
  }

  public int integer(String name) {
    return Integer.parseInt(required(name));
  }

  public long longValue(String name) {
    return Long.parseLong(required(name));
  }

  public double decimal(String name) {
    return Double.parseDouble(required(name));
  }

  public boolean bool(String name) {
    return Boolean.parseBoolean(required(name));
  }

  public List<Value> all() {
    return new ArrayList<>(values.values());
  }

  /**
   * Where and how the networks run, from the optimisation settings: the same for every command.
   *
   * @param gpuCount asked only when the device is gpu
   * @param warnings receives one line per fallback taken
   * @throws IllegalArgumentException for a combination that is an error (device gpu, no GPU)
   */
  public OptimizationConfig optimization(IntSupplier gpuCount, List<String> warnings) {
    String device = required("device");
    return OptimizationConfig.of(
        device,
        bool("useFp16"),
        integer("batchSize"),
        bool("gpuRetrieval"),
        bool("gpuFilter"),
        chunking(),
        bool("profiling"),
        device.equals("gpu") ? gpuCount.getAsInt() : 0,
        warnings);
  }

  /** Null unless a chunk setting is given; missing ones come from the dtype's constants. */
  private ChunkConfig chunking() {
    List<String> names = List.of("chunkPad", "chunkQuery", "chunkCenter", "chunkMax");
    if (names.stream().noneMatch(this::isSet)) {
      return null;
    }
    boolean fp16 = bool("useFp16") && !required("device").equals("cpu");
    ChunkConfig base =
        fp16 ? ChunkConfig.FP16 : ChunkConfig.FP32;
    return new ChunkConfig(
        isSet("chunkPad") ? integer("chunkPad") : base.xPad(),
        isSet("chunkQuery") ? integer("chunkQuery") : base.xQuery(),
        isSet("chunkCenter") ? integer("chunkCenter") : base.xCenter(),
        isSet("chunkMax") ? integer("chunkMax") : base.xMax());
  }

  /** The {@code --explain} table: name, value, source, one line each. */
  public String explain() {
    StringBuilder out = new StringBuilder();
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(10);
    for (Value v : values.values()) {
      out.append(String.format("%-" + width + "s = %-36s %s%n", v.setting().name(),
          v.value() == null ? "(unset)" : v.value(), v.origin()));
    }
    return out.toString();
  }
}
