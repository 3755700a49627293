package io.rvcbeam.pipeline.values;

/**
 * One planned chunk: the samples (with context) and pitch frames the voice model gets.
 *
 * @param offset first sample in the padded 16 kHz song
 * @param samples 16 kHz samples of the segment, context included
 * @param f0 the segment's pitch frames
 */
public record ChunkSlice(long offset, float[] samples, double[] f0) {}
