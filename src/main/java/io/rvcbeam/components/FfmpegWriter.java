package io.rvcbeam.components;

import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.pipeline.parts.AudioWriter;
import io.rvcbeam.pipeline.job.OutputFormat;
import java.io.OutputStream;
import java.util.Map;

/** FFmpeg encode (WAV PCM16/24/float32, FLAC 16/24, MP3, Ogg Vorbis, Opus, M4A/AAC). */
final class FfmpegWriter implements AudioWriter {
  @Override
  public byte[] encode(float[] audio, int sampleRate, OutputFormat format) throws Exception {
    return AudioEncoder.encode(
        PcmAudio.mono(sampleRate, audio), formatOf(format), format.bitRate() * 1000, "output");
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
    AudioEncoder.encodeMono(
        sampleRate,
        audio,
        AudioTags.of(tags),
        formatOf(format),
        format.bitRate() * 1000,
        out,
        "output");
  }

  static AudioFormat formatOf(OutputFormat format) {
    String key = format.container() + "/" + format.sampleFormat();
    return switch (key) {
      case "wav/pcm16" -> AudioFormat.WAV_PCM16;
      case "wav/pcm24" -> AudioFormat.WAV_PCM24;
      case "wav/float32" -> AudioFormat.WAV_FLOAT32;
      case "flac/pcm16" -> AudioFormat.FLAC16;
      case "flac/pcm24" -> AudioFormat.FLAC24;
      case "mp3/pcm16", "mp3/pcm24", "mp3/float32" -> AudioFormat.MP3;
      case "ogg/pcm16", "ogg/pcm24", "ogg/float32" -> AudioFormat.OGG_VORBIS;
      case "opus/pcm16", "opus/pcm24", "opus/float32" -> AudioFormat.OPUS;
      case "m4a/pcm16", "m4a/pcm24", "m4a/float32" -> AudioFormat.M4A_AAC;
      default -> throw new IllegalArgumentException("no encoder for " + key);
    };
  }
}
