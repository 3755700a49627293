package io.rvcbeam.audio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Descriptive tags of an audio file (title, artist, album, …) under FFmpeg's generic key names, in
 * the order the file holds them. Immutable.
 *
 * <p>{@link #carriedOver} keeps only what still describes a converted file: the tags that say how
 * the input was encoded or measure its loudness (encoder, iTunes gapless data, ReplayGain, MP4
 * brands) would be wrong for the output, so they are dropped.
 */
public final class AudioTags {

  public static final AudioTags NONE = new AudioTags(Map.of());

  private static final Set<String> DROPPED =
      Set.of(
          "encoder",
          "encoded_by",
          "major_brand",
          "minor_version",
          "compatible_brands",
          "handler_name",
          "vendor_id",
          "duration",
          "itunsmpb",
          "itunnorm");

  private final Map<String, String> tags;

  private AudioTags(Map<String, String> tags) {
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** Tags with the given keys and values, in the map's iteration order. */
  public static AudioTags of(Map<String, String> tags) {
    return tags.isEmpty() ? NONE : new AudioTags(tags);
  }

  /** The tags a converted version of this file should carry. */
  public AudioTags carriedOver() {
    Map<String, String> kept = new LinkedHashMap<>();
    tags.forEach(
        (key, value) -> {
          String lower = key.toLowerCase(Locale.ROOT);
          boolean loudness = lower.startsWith("replaygain_") || lower.startsWith("r128_");
          boolean undefined = lower.equals("language") && value.equals("und"); // MP4 stream default
          if (!DROPPED.contains(lower) && !loudness && !undefined && !value.isEmpty()) {
            kept.put(key, value);
          }
        });
    return of(kept);
  }

  /** Key to value, in order; unmodifiable. */
  public Map<String, String> asMap() {
    return tags;
  }

  public boolean isEmpty() {
    return tags.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AudioTags other && tags.equals(other.tags);
  }

  @Override
  public int hashCode() {
    return tags.hashCode();
  }

  @Override
  public String toString() {
    return tags.toString();
  }
}
