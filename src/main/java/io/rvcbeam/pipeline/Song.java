package io.rvcbeam.pipeline;

import java.io.Serializable;

/**
 * One song of the catalogue: where it is read from, where its conversion goes, and how.
 *
 * @param id unique id within the catalogue (the output name without extension)
 * @param inputUri the input audio, any Beam file system (local path, gs://…)
 * @param outputUri the converted file to write
 * @param settings the song's conversion settings
 */
public record Song(String id, String inputUri, String outputUri, SongSettings settings)
    implements Serializable {}
