package io.rvcbeam.cli;

import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.pipeline.job.ResolvedSettings;
import io.rvcbeam.pipeline.job.SettingSource;

/** Values of the conversion chain built from resolved settings, alike for convert and benchmark. */
final class TableSettings {

  private TableSettings() {}

  /**
   * The per-song knobs (pitch, indexRate, protect, rmsMixRate, sid, noise, seed).
   *
   * @throws IllegalArgumentException naming the setting when a value is out of range
   */
  static ConversionSettings conversion(ResolvedSettings s) {
    ConversionSettings.Noise noise = s.required("noise").equals("zero")
        ? ConversionSettings.Noise.ZERO
        : ConversionSettings.Noise.SEEDED;
    return ConversionSettings.defaults()
        .withPitch(s.integer("pitch"))
        .withIndexRate(s.decimal("indexRate"))
        .withProtect(s.decimal("protect"))
        .withRmsMixRate(s.decimal("rmsMixRate"))
        .withSid(s.integer("sid"))
        .withNoise(noise, s.longValue("seed"));
  }

  /**
   * Sets libtorch's thread counts, which it reads once when the engine loads: an {@code
   * engineThreads} given as a flag or environment variable always, the default only where no
   * {@code -Dai.djl.pytorch.num_threads} was given.
   */
  static void applyEngineThreads(ResolvedSettings.Value threads) {
    boolean given = threads.source() == SettingSource.FLAG
        || threads.source() == SettingSource.ENVIRONMENT;
    if (given || System.getProperty(THREADS) == null) {
      System.setProperty(THREADS, threads.value());
    }
    if (System.getProperty(INTEROP_THREADS) == null) {
      System.setProperty(INTEROP_THREADS, "1");
    }
  }

  private static final String THREADS = "ai.djl.pytorch.num_threads";
  private static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
}
