package io.rvcbeam.pipeline;

import java.util.List;

/**
 * What {@link SongStitcher} gets for one song.
 *
 * @param chunks converted chunks in song order, context already trimmed
 * @param sampleRate their rate (the voice model's)
 * @param filtered16k the high-passed 16 kHz input (RMS envelope reference)
 * @param settings the song's settings (rmsMixRate, gains)
 * @param instrumental the instrumental stem decoded at {@code sampleRate}, or null
 */
public record StitchInput(
    List<float[]> chunks,
    int sampleRate,
    double[] filtered16k,
    SongSettings settings,
    double[] instrumental) {}
