package io.rvcbeam.audio;

import static org.bytedeco.ffmpeg.global.avutil.av_dict_iterate;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.javacpp.BytePointer;

/** Moves {@link AudioTags} in and out of FFmpeg metadata dictionaries. */
final class FfmpegTags {

  private FfmpegTags() {}

  /**
   * The container's tags, then those of the audio stream that the container lacks (Ogg keeps its
   * comments on the stream, most other containers on the file).
   */
  static AudioTags read(AVFormatContext format, AVStream stream) {
    Map<String, String> tags = new LinkedHashMap<>();
    addAll(format.metadata(), tags);
    addAll(stream.metadata(), tags);
    return AudioTags.of(tags);
  }

  /** Sets the muxer's file-level metadata; call before {@code avformat_write_header}. */
  static void write(AudioTags tags, AVFormatContext muxer) {
    if (tags.isEmpty()) {
      return;
    }
    AVDictionary dict = muxer.metadata();
    if (dict == null) {
      dict = new AVDictionary(null);
    }
    for (Map.Entry<String, String> e : tags.asMap().entrySet()) {
      try (BytePointer key = new BytePointer(e.getKey(), StandardCharsets.UTF_8);
          BytePointer value = new BytePointer(e.getValue(), StandardCharsets.UTF_8)) {
        av_dict_set(dict, key, value, 0);
      }
    }
    muxer.metadata(dict);
  }

  private static void addAll(AVDictionary dict, Map<String, String> into) {
    if (dict == null || dict.isNull()) {
      return;
    }
    AVDictionaryEntry entry = null;
    while ((entry = av_dict_iterate(dict, entry)) != null && !entry.isNull()) {
      String key = entry.key().getString(StandardCharsets.UTF_8);
      String value = entry.value().getString(StandardCharsets.UTF_8);
      boolean known =
          into.keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).equals(
              key.toLowerCase(Locale.ROOT)));
      if (!known) {
        into.put(key, value);
      }
    }
  }
}
