package io.rvcbeam.pipeline.values;

import io.rvcbeam.pipeline.report.StageTimes;
import java.util.Map;

/**
 * A whole converted song at the voice model's rate, ready to encode.
 *
 * @param song the song
 * @param audio the output samples (mono)
 * @param sampleRate output rate
 * @param inputSeconds duration of the input
 * @param times processing time spent on the song
 * @param tags the input's tags to carry to the output
 */
public record StitchedSong(
    Song song,
    float[] audio,
    int sampleRate,
    double inputSeconds,
    StageTimes times,
    Map<String, String> tags) {

  public StitchedSong {
    tags = tags == null ? Map.of() : tags;
  }

  /** Without tags. */
  public StitchedSong(
      Song song, float[] audio, int sampleRate, double inputSeconds, StageTimes times) {
    this(song, audio, sampleRate, inputSeconds, times, Map.of());
  }

  public double outputSeconds() {
    return audio.length / (double) sampleRate;
  }
}
