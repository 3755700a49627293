package io.rvcbeam.pipeline.values;

/**
 * One segment of a song ready for the voice model: its 16 kHz samples including the padded
 * context, and its slice of the song's pitch.
 *
 * @param song the song it belongs to (voice and settings travel with it)
 * @param index position in the song, 0..count-1
 * @param count number of chunks of the song
 * @param offset first sample of the chunk in the padded 16 kHz song (evidence for failures)
 * @param samples 16 kHz samples, context included
 * @param f0 the song's adjusted pitch in Hz per 10 ms frame of this chunk ({@link
 *     SongPitchTracker})
 * @param songShare the 16 kHz samples of the song this chunk accounts for in {@link Progress}:
 *     the song's length shared among its chunks by chunk length, so the shares add up to it
 */
public record Chunk(
    Song song, int index, int count, long offset, float[] samples, double[] f0, long songShare) {

  public String voice() {
    return song.voice();
  }
}
