package io.rvcbeam.pipeline;

import java.io.Serializable;

/**
 * Seam: encodes PCM to file bytes (real: {@code io.rvcbeam.audio.AudioEncoder}). The pipeline
 * writes the bytes itself, atomically, through Beam file systems. Deterministic: the same samples
 * give the same bytes. Stateless and thread-safe.
 */
public interface AudioWriter extends Serializable {

  byte[] encode(float[] audio, int sampleRate, OutputFormat format) throws Exception;
}
