package io.rvcbeam.pipeline.values;

import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * A song whose chunks are all durable in the {@link WorkFolder}: small, so it travels to
 * {@link StitchSong} without the audio.
 *
 * @param song the song
 * @param key its {@link WorkKey}
 * @param count its number of chunks
 */
public record SongReady(Song song, String key, int count) implements Serializable {

  public static Coder<SongReady> coder() {
    return SerializableCoder.of(SongReady.class);
  }
}
