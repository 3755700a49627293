package io.rvcbeam.components;

import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.convert.ToMono;
import io.rvcbeam.pipeline.values.DecodedAudio;
import io.rvcbeam.pipeline.parts.SongDecoder;
import java.nio.file.Path;

/** {@link SongDecoder}: FFmpeg decode, then {@link ToMono} (docs/algorithm.md §2.1). */
final class FfmpegDecoder implements SongDecoder {

  @Override
  public DecodedAudio decode(byte[] encoded, String name, int targetRate) throws Exception {
    return toMono(AudioDecoder.decode(encoded, name), targetRate);
  }

  @Override
  public DecodedAudio decode(Path file, int targetRate) throws Exception {
    return toMono(AudioDecoder.decode(file), targetRate);
  }

  @Override
  public DecodedAudio decode(Path file, String name, int targetRate) throws Exception {
    return toMono(AudioDecoder.decode(file, name), targetRate);
  }

  private static DecodedAudio toMono(PcmAudio audio, int targetRate) {
    return new DecodedAudio(new ToMono(targetRate).apply(audio), audio.sampleRate(),
        audio.channels(), audio.tags().carriedOver().asMap());
  }
}
