package io.rvcbeam.pipeline.values;

import io.rvcbeam.convert.ConversionSettings;
import java.io.Serializable;

/**
 * One song of the catalogue: where it is read from, where its conversion goes, and how.
 *
 * @param id unique id within the catalogue (the output name without extension)
 * @param inputUri the input audio, any Beam file system (local path, gs://…)
 * @param outputUri the converted file to write
 * @param voice name of the voice (a key of the job's voices)
 * @param instrumentalUri an instrumental stem mixed under the converted vocal, or null
 * @param settings the song's conversion settings: the job's with the manifest row's overrides
 */
public record Song(String id, String inputUri, String outputUri, String voice,
    String instrumentalUri, ConversionSettings settings) implements Serializable {

  public Song {
    if (voice == null || voice.isEmpty()) {
      throw new IllegalArgumentException("song " + id + " needs a voice");
    }
  }

  /** The same song written to {@code uri}. */
  public Song withOutputUri(String uri) {
    return new Song(id, inputUri, uri, voice, instrumentalUri, settings);
  }
}
