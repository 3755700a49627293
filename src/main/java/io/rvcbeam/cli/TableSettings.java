package io.rvcbeam.cli;

import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.pipeline.ResolvedSettings;

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
}
