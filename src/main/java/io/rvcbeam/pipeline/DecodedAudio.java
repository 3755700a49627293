package io.rvcbeam.pipeline;

/**
 * What {@link SongDecoder} returns.
 *
 * @param samples mono samples (channel mean) at the requested rate, in [-1, 1]
 * @param originalRate sample rate of the file
 * @param originalChannels channel count of the file
 */
public record DecodedAudio(double[] samples, int originalRate, int originalChannels) {}
