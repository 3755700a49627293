package io.rvcbeam.pipeline.values;

import io.rvcbeam.convert.ConversionSettings;
import java.util.List;

/**
 * What {@link SongStitcher} gets for one song.
 *
 * @param chunks converted chunks in song order, context already trimmed
 * @param sampleRate their rate (the voice model's)
 * @param sourceEnvelope what {@link SongStitcher#envelope} returned for the song
 * @param settings the song's settings (rmsMixRate, gains)
 * @param instrumental the instrumental stem decoded at {@code sampleRate}, or null
 */
public record StitchInput(
    List<float[]> chunks,
    int sampleRate,
    double[] sourceEnvelope,
    ConversionSettings settings,
    double[] instrumental) {}
