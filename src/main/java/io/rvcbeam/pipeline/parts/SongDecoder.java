package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.values.DecodedAudio;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * Seam: decodes an encoded audio file to mono PCM at a given rate (real: FFmpeg through {@code
 * io.rvcbeam.audio.AudioDecoder}). Stateless and thread-safe.
 */
public interface SongDecoder extends Serializable {

  /**
   * @param encoded the whole file (WAV, FLAC, MP3, …)
   * @param name the file name, for messages and format hints
   * @param targetRate the rate to resample to (16000 for songs, the model rate for stems)
   * @throws Exception when the bytes are not decodable audio; the message says why
   */
  DecodedAudio decode(byte[] encoded, String name, int targetRate) throws Exception;

  /**
   * Decodes a local file. The default reads it into memory; a decoder that can read files
   * directly should override this (a one-hour WAV is 600 MB: no need to hold it twice).
   */
  default DecodedAudio decode(Path file, int targetRate) throws Exception {
    return decode(file, file.toString(), targetRate);
  }

  /** Decodes a local file; {@code name} (e.g. the gs:// it was copied from) is for messages. */
  default DecodedAudio decode(Path file, String name, int targetRate) throws Exception {
    return decode(Files.readAllBytes(file), name, targetRate);
  }

  /**
   * Decodes a local file and hands its mono samples at {@code targetRate} to {@code samples} in
   * order as they are made, so a long file is never held: the instrumental stem is mixed under
   * the vocal this way. The default decodes the whole file first.
   */
  default void stream(Path file, String name, int targetRate, DoubleConsumer samples)
      throws Exception {
    for (double v : decode(file, name, targetRate).samples()) {
      samples.accept(v);
    }
  }
}
