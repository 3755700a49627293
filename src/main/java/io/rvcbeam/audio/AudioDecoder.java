package io.rvcbeam.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decodes any audio file FFmpeg can read (WAV of any PCM/float subtype, FLAC, MP3, Ogg Vorbis/Opus,
 * M4A/AAC, AIFF, …) to float PCM, keeping the file's sample rate and channels. Integer PCM is
 * scaled by 1 / 2^(bits−1), as soundfile does, so 8/16/24-bit files decode exactly; 32-bit integer
 * PCM is rounded to float32.
 *
 * <p>Only local files are opened (FFmpeg's protocol whitelist is {@code file}) and only audio
 * container formats are probed, so a crafted playlist cannot make FFmpeg open other URLs. Any error
 * of the demuxer or decoder fails the whole file with an {@link AudioException}: a song with
 * corrupt packets is reported, not silently shortened.
 *
 * <p>Thread-safe: every call uses its own FFmpeg contexts.
 */
public final class AudioDecoder {

  /** Demuxers that carry plain audio (names as in {@code ffmpeg -demuxers}). */
  private static final String AUDIO_DEMUXERS =
      "wav,w64,flac,mp3,ogg,mov,aac,aiff,matroska,caf,au,wv,ape,tta,ac3,eac3,dts,truehd,"
          + "amr,asf,mpc,mpc8,voc,avi,flv,mpeg,mpegts,spdif,xwma,dsf,iff,sox,rf64,s337m";

  private AudioDecoder() {}

  /**
   * Silences FFmpeg's own messages on stderr (the default unless the system property {@code
   * rvcbeam.ffmpeg.log} is true); decode errors still reach callers as {@link AudioException}
   * messages.
   */
  public static void silenceFfmpegLog() {
    Ffmpeg.load();
    av_log_set_level(AV_LOG_QUIET);
  }

  /** Lets FFmpeg print its error lines on stderr from now on, in this JVM ({@code --verbose}). */
  public static void showFfmpegLog() {
    System.setProperty(Ffmpeg.LOG_PROPERTY, "true");
    Ffmpeg.load();
    av_log_set_level(AV_LOG_ERROR);
  }

  /** Decodes a local file. */
  public static PcmAudio decode(Path file) throws AudioException {
    return decode(file, file.toString());
  }

  /** Decodes a local file; {@code name} is used for messages (e.g. the gs:// it was copied from). */
  public static PcmAudio decode(Path file, String name) throws AudioException {
    ChannelArrays channels = new ChannelArrays();
    AudioTags tags = decode(file, name, channels);
    return channels.result().withTags(tags);
  }

  /**
   * Decodes a local file into {@code sink}, frame by frame; {@code name} is used for messages.
   *
   * @return the file's tags
   */
  public static AudioTags decode(Path file, String name, PcmSink sink) throws AudioException {
    if (!Files.exists(file)) {
      throw new AudioException(name, "file not found");
    }
    if (!Files.isRegularFile(file)) {
      throw new AudioException(name, "not a regular file");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new AudioException(name, "cannot read file: " + e.getMessage(), e);
    }
    if (size == 0) {
      throw new AudioException(name, "file is empty (0 bytes)");
    }
    if (file.getFileSystem() != FileSystems.getDefault()) {
      // FFmpeg can only open files of the operating system; stage others (zip, in-memory).
      try {
        return decode(Files.readAllBytes(file), name, sink);
      } catch (IOException e) {
        throw new AudioException(name, "cannot read file: " + e.getMessage(), e);
      }
    }
    Ffmpeg.load();
    return decodeOpened(name, "file:" + file.toAbsolutePath(), sink);
  }

  /**
   * Decodes audio held in memory, e.g. read through Beam {@code FileSystems} from gs://. The bytes
   * go through a temporary local file (deleted afterwards); {@code name} is used for messages and
   * its extension as a format hint.
   */
  public static PcmAudio decode(byte[] data, String name) throws AudioException {
    ChannelArrays channels = new ChannelArrays();
    AudioTags tags = decode(data, name, channels);
    return channels.result().withTags(tags);
  }

  /** {@link #decode(byte[], String)} into {@code sink}; returns the tags. */
  public static AudioTags decode(byte[] data, String name, PcmSink sink) throws AudioException {
    if (data.length == 0) {
      throw new AudioException(name, "file is empty (0 bytes)");
    }
    Path temp = null;
    try {
      temp = Files.createTempFile("rvcbeam-decode-", suffix(name));
      Files.write(temp, data);
      Ffmpeg.load();
      return decodeOpened(name, "file:" + temp.toAbsolutePath(), sink);
    } catch (AudioException e) {
      throw e;
    } catch (IOException e) {
      throw new AudioException(name, "cannot stage bytes in a temporary file: " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: the temp dir is cleaned by the OS
        }
      }
    }
  }

  private static AudioTags decodeOpened(String name, String url, PcmSink sink)
      throws AudioException {
    AVFormatContext format = new AVFormatContext(null);
    AVCodecContext codec = null;
    AVPacket packet = null;
    AVFrame frame = null;
    AVDictionary options = new AVDictionary(null);
    try (BytePointer urlBytes = new BytePointer(url, StandardCharsets.UTF_8)) {
      av_dict_set(options, "protocol_whitelist", "file", 0);
      av_dict_set(options, "format_whitelist", AUDIO_DEMUXERS, 0);
      int ret = avformat_open_input(format, urlBytes, null, options);
      if (ret < 0) {
        throw new AudioException(name, "not a readable audio file (" + Ffmpeg.describe(ret) + ")");
      }
      ret = avformat_find_stream_info(format, (AVDictionary) null);
      if (ret < 0) {
        throw new AudioException(
            name, "corrupt or unreadable header (" + Ffmpeg.describe(ret) + ")");
      }
      int streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
      if (streamIndex < 0) {
        throw new AudioException(
            name, "no decodable audio stream (" + Ffmpeg.describe(streamIndex) + ")");
      }
      AVStream stream = format.streams(streamIndex);
      AVCodecParameters params = stream.codecpar();
      AVCodec decoder = avcodec_find_decoder(params.codec_id());
      if (decoder == null || decoder.isNull()) {
        throw new AudioException(
            name, "no decoder for codec " + avcodec_get_name(params.codec_id()).getString());
      }
      if (params.ch_layout().nb_channels() <= 0 || params.sample_rate() <= 0) {
        throw new AudioException(
            name,
            "corrupt header: "
                + params.ch_layout().nb_channels()
                + " channels at "
                + params.sample_rate()
                + " Hz");
      }
      codec = avcodec_alloc_context3(decoder);
      ret = avcodec_parameters_to_context(codec, params);
      if (ret < 0) {
        throw new AudioException(name, "bad codec parameters (" + Ffmpeg.describe(ret) + ")");
      }
      codec.pkt_timebase(stream.time_base());
      codec.thread_count(1);
      ret = avcodec_open2(codec, decoder, (AVDictionary) null);
      if (ret < 0) {
        throw new AudioException(name, "cannot open decoder (" + Ffmpeg.describe(ret) + ")");
      }

      packet = av_packet_alloc();
      frame = av_frame_alloc();
      FrameCollector collector = new FrameCollector(name, sink);
      while (true) {
        ret = av_read_frame(format, packet);
        if (ret == AVERROR_EOF()) {
          break;
        }
        if (ret < 0) {
          throw new AudioException(
              name,
              "read error after "
                  + collector.describePosition()
                  + " ("
                  + Ffmpeg.describe(ret)
                  + ")");
        }
        try {
          if (packet.stream_index() == streamIndex) {
            send(name, codec, packet, collector);
            drain(name, codec, frame, collector);
          }
        } finally {
          av_packet_unref(packet);
        }
      }
      send(name, codec, null, collector);
      drain(name, codec, frame, collector);
      collector.finish();
      return FfmpegTags.read(format, stream);
    } finally {
      if (frame != null) {
        av_frame_free(frame);
      }
      if (packet != null) {
        av_packet_free(packet);
      }
      if (codec != null) {
        avcodec_free_context(codec);
      }
      if (!format.isNull()) {
        avformat_close_input(format);
      }
      av_dict_free(options);
    }
  }

  private static void send(String name, AVCodecContext codec, AVPacket packet, FrameCollector c)
      throws AudioException {
    int ret = avcodec_send_packet(codec, packet);
    if (ret < 0 && ret != AVERROR_EOF() && ret != Ffmpeg.AVERROR_EAGAIN) {
      throw new AudioException(
          name,
          "corrupt audio data after " + c.describePosition() + " (" + Ffmpeg.describe(ret) + ")");
    }
  }

  private static void drain(String name, AVCodecContext codec, AVFrame frame, FrameCollector c)
      throws AudioException {
    while (true) {
      int ret = avcodec_receive_frame(codec, frame);
      if (ret == Ffmpeg.AVERROR_EAGAIN || ret == AVERROR_EOF()) {
        return;
      }
      if (ret < 0) {
        throw new AudioException(
            name,
            "corrupt audio data after " + c.describePosition() + " (" + Ffmpeg.describe(ret) + ")");
      }
      c.add(frame);
    }
  }

  private static String suffix(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    int dot = name.lastIndexOf('.');
    if (dot > slash && name.length() - dot <= 8) {
      String ext = name.substring(dot);
      if (ext.matches("\\.[A-Za-z0-9]+")) {
        return ext;
      }
    }
    return ".bin";
  }
}
