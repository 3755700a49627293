package io.rvcbeam.components;

import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.convert.ToMono;
import io.rvcbeam.pipeline.values.DecodedAudio;
import io.rvcbeam.pipeline.parts.SongDecoder;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * {@link SongDecoder}: FFmpeg decode into {@link ToMono}'s sink (docs/algorithm.md §2.1), so a
 * file is never held at its own rate and channel count: a one-hour 44.1 kHz stereo song is
 * 460 MB at 16 kHz mono instead of 1.3 GB of channels plus 1.3 GB of their mean.
 */
final class FfmpegDecoder implements SongDecoder {

  @Override
  public DecodedAudio decode(byte[] encoded, String name, int targetRate) throws Exception {
    try (ToMono.Sink sink = new ToMono(targetRate).sink()) {
      return result(sink, AudioDecoder.decode(encoded, name, sink));
    }
  }

  @Override
  public DecodedAudio decode(Path file, int targetRate) throws Exception {
    return decode(file, file.toString(), targetRate);
  }

  @Override
  public DecodedAudio decode(Path file, String name, int targetRate) throws Exception {
    try (ToMono.Sink sink = new ToMono(targetRate).sink()) {
      return result(sink, AudioDecoder.decode(file, name, sink));
    }
  }

  @Override
  public void stream(Path file, String name, int targetRate, DoubleConsumer samples)
      throws Exception {
    try (ToMono.Sink sink = new ToMono(targetRate).sink(samples)) {
      AudioDecoder.decode(file, name, sink);
      sink.finish();
    }
  }

  private static DecodedAudio result(ToMono.Sink sink, AudioTags tags) {
    return new DecodedAudio(sink.samples(), sink.sourceRate(), sink.channels(),
        tags.carriedOver().asMap());
  }
}
