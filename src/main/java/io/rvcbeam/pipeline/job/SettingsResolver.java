package io.rvcbeam.pipeline.job;

import io.rvcbeam.convert.OptimizationConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Resolves every setting of {@link Settings} with one rule: flag > job file > environment >
 * preset > default. Generic over the table: no setting has code of its own here.
 */
public final class SettingsResolver {

  private final Map<String, String> flags;
  private final Map<String, String> jobValues;
  private final Map<String, String> environment;
  private final String jobFileName;

  /**
   * @param flags flag values by setting name ({@code batchSize -> 4})
   * @param jobValues job-file values by job path ({@code optimisation.batchSize -> 4})
   * @param environment the environment (only {@code RVC_*} names of settings are read)
   * @param jobFileName for the explanation of job-file values
   */
  public SettingsResolver(
      Map<String, String> flags,
      Map<String, String> jobValues,
      Map<String, String> environment,
      String jobFileName) {
    for (String name : flags.keySet()) {
      if (Settings.byName(name) == null) {
        throw new IllegalArgumentException("unknown setting --" + name);
      }
    }
    this.flags = Map.copyOf(flags);
    this.jobValues = Map.copyOf(jobValues);
    this.environment = Map.copyOf(environment);
    this.jobFileName = jobFileName;
  }

  /**
   * Resolves all settings; {@code gpuCount} is asked only when the preset is {@code auto}.
   */
  public ResolvedSettings resolve(IntSupplier gpuCount) {
    ResolvedSettings.Value preset = resolve(Settings.byName("preset"), Map.of(), null);
    String presetName = preset.value();
    String resolvedPreset =
        presetName.equals("auto")
            ? OptimizationConfig.resolvePreset(presetName, gpuCount.getAsInt())
            : presetName;
    Map<String, String> presetValues = OptimizationConfig.presetValues(resolvedPreset, 0);
    String presetLabel =
        presetName.equals(resolvedPreset) ? resolvedPreset : "auto -> " + resolvedPreset;
    Map<String, ResolvedSettings.Value> values = new LinkedHashMap<>();
    for (Setting setting : Settings.all()) {
      values.put(setting.name(), resolve(setting, presetValues, presetLabel));
    }
    return new ResolvedSettings(values);
  }

  /** One setting, with no preset layer (for settings needed before the preset is known). */
  public ResolvedSettings.Value resolveOne(String name) {
    return resolve(Settings.byName(name), Map.of(), null);
  }

  private ResolvedSettings.Value resolve(
      Setting setting, Map<String, String> presetValues, String presetLabel) {
    String flag = flags.get(setting.name());
    if (flag != null) {
      String where = "flag --" + setting.name();
      return new ResolvedSettings.Value(
          setting, setting.parse(flag, where), SettingSource.FLAG, where);
    }
    String job = jobValues.get(setting.jobPath());
    if (job != null) {
      String where = "job file " + jobFileName + " (" + setting.jobPath() + ")";
      return new ResolvedSettings.Value(
          setting, setting.parse(job, where), SettingSource.JOB_FILE, where);
    }
    String env = environment.get(setting.envName());
    if (env != null) {
      String where = "environment " + setting.envName();
      return new ResolvedSettings.Value(
          setting, setting.parse(env, where), SettingSource.ENVIRONMENT, where);
    }
    String preset = presetValues.get(setting.name());
    if (preset != null) {
      String where = "preset " + presetLabel;
      return new ResolvedSettings.Value(
          setting, setting.parse(preset, where), SettingSource.PRESET, where);
    }
    if (setting.defaultValue() != null) {
      return new ResolvedSettings.Value(
          setting, setting.defaultValue(), SettingSource.DEFAULT, "default");
    }
    return new ResolvedSettings.Value(setting, null, SettingSource.UNSET, "unset");
  }
}
