package io.rvcbeam.pipeline.values;

import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.Stitch;

/**
 * What {@link SongStitcher} gets for one song.
 *
 * @param song the converted chunks (context already trimmed) one after another in song order, in
 *     an array of its own that the stitcher may overwrite: the mix and limit run in place, so a
 *     long song's output is held once
 * @param sampleRate their rate (the voice model's)
 * @param sourceEnvelope what {@link SongStitcher#envelope} returned for the song
 * @param settings the song's settings (rmsMixRate, gains)
 * @param instrumental the instrumental stem, decoded at {@code sampleRate} while it is mixed in,
 *     or null
 */
public record StitchInput(
    float[] song,
    int sampleRate,
    double[] sourceEnvelope,
    ConversionSettings settings,
    Stitch.Stem instrumental) {}
