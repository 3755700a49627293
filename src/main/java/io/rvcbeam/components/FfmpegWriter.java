package io.rvcbeam.components;

import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.convert.Encode;
import io.rvcbeam.pipeline.job.OutputFormat;
import io.rvcbeam.pipeline.parts.AudioWriter;
import java.io.OutputStream;
import java.util.Map;

/**
 * The job's output format through {@link Encode} (WAV PCM16/24/float32, FLAC 16/24, MP3, Ogg
 * Vorbis, Opus, M4A/AAC), the step {@code convert} encodes with.
 */
final class FfmpegWriter implements AudioWriter {
  @Override
  public byte[] encode(float[] audio, int sampleRate, OutputFormat format) throws Exception {
    return encodeOf(format).bytes(audio, sampleRate, "output");
  }

  @Override
  public void write(float[] audio, int sampleRate, OutputFormat format, OutputStream out)
      throws Exception {
    write(audio, sampleRate, Map.of(), format, out);
  }

  @Override
  public void write(
      float[] audio,
      int sampleRate,
      Map<String, String> tags,
      OutputFormat format,
      OutputStream out)
      throws Exception {
    encodeOf(format).write(audio, sampleRate, AudioTags.of(tags), out, "output");
  }

  private static Encode encodeOf(OutputFormat format) {
    return Encode.of(format.container(), format.sampleFormat(), format.bitRate());
  }
}
