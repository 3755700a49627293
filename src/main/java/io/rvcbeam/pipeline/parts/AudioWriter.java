package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.job.OutputFormat;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Map;

/**
 * Seam: encodes PCM to file bytes (real: {@code io.rvcbeam.convert.Encode}). The pipeline
 * writes the bytes itself, atomically, through Beam file systems. Deterministic: the same samples
 * give the same bytes. Stateless and thread-safe.
 */
public interface AudioWriter extends Serializable {

  byte[] encode(float[] audio, int sampleRate, OutputFormat format) throws Exception;

  /**
   * Writes what {@link #encode} returns to {@code out} (not closed). The default encodes to bytes
   * first; a writer that can stream should, so a long song's file is never held in memory.
   */
  default void write(float[] audio, int sampleRate, OutputFormat format, OutputStream out)
      throws Exception {
    out.write(encode(audio, sampleRate, format));
  }

  /**
   * As {@link #write(float[], int, OutputFormat, OutputStream)}, with the input's tags (title,
   * artist, …) for formats that hold them. The default drops them.
   */
  default void write(
      float[] audio,
      int sampleRate,
      Map<String, String> tags,
      OutputFormat format,
      OutputStream out)
      throws Exception {
    write(audio, sampleRate, format, out);
  }
}
