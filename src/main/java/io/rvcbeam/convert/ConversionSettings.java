package io.rvcbeam.convert;

import java.io.Serializable;
import java.util.Objects;

/**
 * The per-song inference knobs, with URVC's names (docs/algorithm.md §11) and URVC's song-cover
 * defaults: the one settings type of {@code convert}, {@code benchmark} and every song of a
 * {@code run}. Immutable; build with {@link #defaults()} and the {@code with*} methods. The
 * constructor checks every value's range and says what is wrong in one line that names the
 * setting as the job file, the manifest and the command line spell it, so a bad value fails
 * where it is read, not per chunk.
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
 * @param vocalGain linear gain of the converted vocal when an instrumental stem is mixed, 0..
 * @param instrumentalGain linear gain of the instrumental stem, 0..
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
    long seed,
    double vocalGain,
    double instrumentalGain)
    implements Serializable {

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
      throw new IllegalArgumentException("pitch must be within -" + MAX_SEMITONES + ".."
          + MAX_SEMITONES + " semitones, got " + pitch);
    }
    checkRange("indexRate", indexRate, 0, 1);
    checkRange("protect", protect, 0, 0.5);
    checkRange("rmsMixRate", rmsMixRate, 0, 1);
    if (sid < 0) {
      throw new IllegalArgumentException("sid must be 0 or more (a speaker row), got " + sid);
    }
    checkRange("autotuneStrength", autotuneStrength, 0, 1);
    checkRange("proposedPitchThreshold", proposedPitchThreshold, 50, 1200);
    checkGain("vocalGain", vocalGain);
    checkGain("instrumentalGain", instrumentalGain);
  }

  /**
   * URVC song-cover defaults: pitch 0, index rate 0.3, protect 0.33, no RMS mix, sid 0, seeded
   * noise with seed 0, unit gains.
   */
  public static ConversionSettings defaults() {
    return new ConversionSettings(
        0, 0.3, 0.33, 1.0, 0, false, 1.0, false, 155.0, Noise.SEEDED, 0L, 1.0, 1.0);
  }

  /**
   * A pitch shift read as a number (job files and manifests hold decimals) as whole semitones.
   *
   * @throws IllegalArgumentException naming {@code pitch} for a fractional value
   */
  public static int semitones(double pitch) {
    long whole = Math.round(pitch);
    if (whole != pitch) {
      throw new IllegalArgumentException(
          "pitch must be a whole number of semitones, got " + pitch);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, whole));
  }

  /** The noise source a setting names, case-insensitively: {@code seeded} or {@code zero}. */
  public static Noise noiseNamed(String name) {
    for (Noise n : Noise.values()) {
      if (n.name().equalsIgnoreCase(String.valueOf(name).trim())) {
        return n;
      }
    }
    throw new IllegalArgumentException("noise must be seeded or zero, got " + name);
  }

  public ConversionSettings withPitch(int value) {
    return new ConversionSettings(value, indexRate, protect, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed, vocalGain,
        instrumentalGain);
  }

  public ConversionSettings withIndexRate(double value) {
    return new ConversionSettings(pitch, value, protect, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed, vocalGain,
        instrumentalGain);
  }

  public ConversionSettings withProtect(double value) {
    return new ConversionSettings(pitch, indexRate, value, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed, vocalGain,
        instrumentalGain);
  }

  public ConversionSettings withRmsMixRate(double value) {
    return new ConversionSettings(pitch, indexRate, protect, value, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed, vocalGain,
        instrumentalGain);
  }

  public ConversionSettings withSid(int value) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, value, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed, vocalGain,
        instrumentalGain);
  }

  public ConversionSettings withAutotune(boolean on, double strength) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, sid, on, strength,
        proposedPitch, proposedPitchThreshold, noise, seed, vocalGain, instrumentalGain);
  }

  public ConversionSettings withProposedPitch(boolean on, double thresholdHz) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, sid, autotune,
        autotuneStrength, on, thresholdHz, noise, seed, vocalGain, instrumentalGain);
  }

  public ConversionSettings withNoise(Noise value, long newSeed) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, value, newSeed, vocalGain,
        instrumentalGain);
  }

  public ConversionSettings withGains(double vocal, double instrumental) {
    return new ConversionSettings(pitch, indexRate, protect, rmsMixRate, sid, autotune,
        autotuneStrength, proposedPitch, proposedPitchThreshold, noise, seed, vocal,
        instrumental);
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
          name + " must be within " + plain(min) + ".." + plain(max) + ", got " + plain(value));
    }
  }

  private static void checkGain(String name, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(
          name + " must be a finite gain of 0 or more, got " + plain(value));
    }
  }

  /** 0.5 as "0.5", 1.0 as "1", 1200.0 as "1200". */
  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
