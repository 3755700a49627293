package io.rvcbeam.convert;

import java.util.Objects;

/**
 * The per-song inference knobs, with URVC's names (docs/algorithm.md §11) and URVC's song-cover
 * defaults. Immutable; build with {@link #defaults()} and the {@code with*} methods.
 *
 * @param pitch semitones added to the f0 ({@code pitch} / RVC {@code f0_up_key}); ignored while
 *     autotune is on
 * @param indexRate weight of the retrieved features, 0..1; 0 skips retrieval
 * @param protect protect rate 0..0.5 for unvoiced frames; 0.5 disables it
 * @param rmsMixRate volume-envelope mix ({@code volume_envelope}), 0..1; 1 skips it
 * @param sid speaker row of the voice model
 * @param autotune snap f0 to the nearest note ({@code f0_autotune})
 * @param autotuneStrength 0..1
 * @param proposedPitch shift the key so the median f0 approaches the threshold
 * @param proposedPitchThreshold target median f0, 50..1200 Hz
 * @param noise where the synthesizer's random draws come from
 * @param seed base seed of {@link Noise#SEEDED}
 */
public record ConversionSettings(
    int pitch,
    double indexRate,
    double protect,
    double rmsMixRate,
    int sid,
    boolean autotune,
    double autotuneStrength,
    boolean proposedPitch,
    double proposedPitchThreshold,
    Noise noise,
    long seed) {

  /** Source of the synthesizer's random draws. */
  public enum Noise {
    /** Pseudo-random, seeded from (seed, song, chunk): reproducible. */
    SEEDED,
    /** Every draw is zero: the deterministic mean output. */
    ZERO
  }

  public static final int MAX_SEMITONES = 48;

  public ConversionSettings {
    Objects.requireNonNull(noise, "noise");
    if (Math.abs(pitch) > MAX_SEMITONES) {
      throw new IllegalArgumentException(
          "pitch must be within ±" + MAX_SEMITONES + " semitones, got " + pitch);
    }
    checkRange("indexRate", indexRate, 0, 1);
    checkRange("protect", protect, 0, 0.5);
    checkRange("rmsMixRate", rmsMixRate, 0, 1);
    if (sid < 0) {
      throw new IllegalArgumentException("sid (speaker id) must be >= 0, got " + sid);
    }
    checkRange("autotuneStrength", autotuneStrength, 0, 1);
    checkRange("proposedPitchThreshold", proposedPitchThreshold, 50, 1200);
  }

  /** URVC song-cover defaults: pitch 0, index rate 0.3, protect 0.33, no RMS mix, sid 0. */
  public static ConversionSettings defaults() {
    return new ConversionSettings(0, 0.3, 0.33, 1.0, 0, false, 1.0, false, 155.0, Noise.SEEDED, 0L);
  }

  public ConversionSettings withPitch(int value) {
    return new ConversionSettings(value, indexRate, protect, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed);
  }

  public ConversionSettings withIndexRate(double value) {
    return new ConversionSettings(pitch, value, protect, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed);
  }

  public ConversionSettings withProtect(double value) {
    return new ConversionSettings(pitch, indexRate, value, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed);
  }

  public ConversionSettings withRmsMixRate(double value) {
    return new ConversionSettings(pitch, indexRate, protect, value, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed);
  }

  public ConversionSettings withSid(int value) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, value, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed);
  }

  public ConversionSettings withAutotune(boolean on, double strength) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, sid, on, strength,
        proposedPitch, proposedPitchThreshold, noise, seed);
  }

  public ConversionSettings withProposedPitch(boolean on, double thresholdHz) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, sid, autotune,
        autotuneStrength, on, thresholdHz, noise, seed);
  }

  public ConversionSettings withNoise(Noise value, long newSeed) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, value, newSeed);
  }

  /** Whether retrieval runs at all (the reference skips the index when the rate is 0). */
  public boolean usesIndex() {
    return indexRate > 0;
  }

  /** Whether the protect blend runs (the reference skips it at 0.5). */
  public boolean usesProtect() {
    return protect < 0.5;
  }

  /** Whether the RMS envelope mix runs (the reference skips it at 1). */
  public boolean usesRmsMix() {
    return rmsMixRate != 1.0;
  }

  private static void checkRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}
