package io.rvcbeam.pipeline;

/**
 * A whole converted song at the voice model's rate, ready to encode.
 *
 * @param song the song
 * @param audio the output samples (mono)
 * @param sampleRate output rate
 * @param inputSeconds duration of the input
 * @param times processing time spent on the song
 */
public record StitchedSong(
    Song song, float[] audio, int sampleRate, double inputSeconds, StageTimes times) {

  public double outputSeconds() {
    return audio.length / (double) sampleRate;
  }
}
