package io.rvcbeam.audio;

import static org.bytedeco.ffmpeg.avformat.AVFormatContext.AVFMT_FLAG_BITEXACT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_SMALL_LAST_FRAME;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_VARIABLE_FRAME_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_BITEXACT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FLAC;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_5POINT0_BACK;
import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_5POINT1_BACK;
import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_6POINT1;
import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_7POINT1;
import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_QUAD;
import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_SURROUND;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_from_mask;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_get_packed_sample_fmt;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Encodes audio to a local file with an FFmpeg encoder and muxer, both in bit-exact mode (constant
 * vendor string, no version or time in the output). Used for FLAC and, through {@link
 * LossyEncoder}, MP3, AAC, Vorbis and Opus.
 */
final class FfmpegAudioWriter {

  private static final int DEFAULT_FRAME_SIZE = 4608;

  private FfmpegAudioWriter() {}

  /** FLAC, 16 or 24 bits. */
  static void writeFlac(PcmAudio audio, AudioFormat format, Path file, String name)
      throws AudioException {
    Ffmpeg.load();
    boolean is24 = format == AudioFormat.FLAC24;
    write(
        audio,
        file,
        name,
        "flac",
        avcodec_find_encoder(AV_CODEC_ID_FLAC),
        is24 ? AV_SAMPLE_FMT_S32 : AV_SAMPLE_FMT_S16,
        is24 ? 24 : 16,
        0,
        audio.tags());
  }

  /**
   * @param muxerName FFmpeg muxer ({@code ffmpeg -muxers}), e.g. "flac", "mp3", "ipod", "ogg"
   * @param codec the encoder; null or a null pointer if the build lacks it
   * @param sampleFormat one the encoder accepts: S16, S32 (FLAC: 24-bit values in the top bits),
   *     FLT, packed or planar
   * @param bitsPerRawSample 16 or 24 for integer PCM codecs, 0 otherwise
   * @param bitRate bits per second for lossy codecs, 0 for the default
   */
  static void write(
      PcmAudio audio,
      Path file,
      String name,
      String muxerName,
      AVCodec codec,
      int sampleFormat,
      int bitsPerRawSample,
      long bitRate)
      throws AudioException {
    write(audio, file, name, muxerName, codec, sampleFormat, bitsPerRawSample, bitRate,
        AudioTags.NONE);
  }

  /** As above, with {@code tags} in the file's metadata where the muxer stores any. */
  static void write(
      PcmAudio audio,
      Path file,
      String name,
      String muxerName,
      AVCodec codec,
      int sampleFormat,
      int bitsPerRawSample,
      long bitRate,
      AudioTags tags)
      throws AudioException {
    Ffmpeg.load();
    int channels = audio.channels();
    AVFormatContext muxer = new AVFormatContext(null);
    AVCodecContext encoder = null;
    AVIOContext io = new AVIOContext(null);
    AVFrame frame = null;
    AVPacket packet = null;
    try (BytePointer url =
        new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
      if (codec == null || codec.isNull()) {
        throw new AudioException(name, "this FFmpeg build has no encoder for " + muxerName);
      }
      check(name, avformat_alloc_output_context2(muxer, null, muxerName, (String) null), "muxer");
      muxer.flags(muxer.flags() | AVFMT_FLAG_BITEXACT);
      AVStream stream = avformat_new_stream(muxer, null);
      encoder = avcodec_alloc_context3(codec);
      encoder.sample_fmt(sampleFormat);
      if (bitsPerRawSample > 0) {
        encoder.bits_per_raw_sample(bitsPerRawSample);
      }
      if (bitRate > 0) {
        encoder.bit_rate(bitRate);
      }
      encoder.strict_std_compliance(-2); // FFmpeg's native Vorbis encoder is "experimental"
      encoder.sample_rate(audio.sampleRate());
      setLayout(encoder, muxerName, channels);
      encoder.time_base(av_make_q(1, audio.sampleRate()));
      encoder.flags(encoder.flags() | AV_CODEC_FLAG_BITEXACT);
      if ((muxer.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
        encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER); // e.g. AAC in MP4
      }
      encoder.thread_count(1);
      check(name, avcodec_open2(encoder, codec, (AVDictionary) null), "encoder");
      check(name, avcodec_parameters_from_context(stream.codecpar(), encoder), "stream");
      stream.time_base(encoder.time_base());

      check(name, avio_open(io, url, AVIO_FLAG_WRITE), "open output");
      muxer.pb(io);
      FfmpegTags.write(tags, muxer);
      check(name, avformat_write_header(muxer, (AVDictionary) null), "header");

      frame = av_frame_alloc();
      packet = av_packet_alloc();
      int frames = audio.frames();
      boolean variable = (codec.capabilities() & AV_CODEC_CAP_VARIABLE_FRAME_SIZE) != 0;
      boolean smallLast = (codec.capabilities() & AV_CODEC_CAP_SMALL_LAST_FRAME) != 0;
      int frameSize =
          encoder.frame_size() > 0 && !variable ? encoder.frame_size() : DEFAULT_FRAME_SIZE;
      for (int pos = 0; pos < frames; pos += frameSize) {
        int n = Math.min(frameSize, frames - pos);
        frame.nb_samples(n < frameSize && !smallLast && !variable ? frameSize : n);
        frame.format(encoder.sample_fmt());
        frame.sample_rate(audio.sampleRate());
        check(name, av_channel_layout_copy(frame.ch_layout(), encoder.ch_layout()), "layout");
        check(name, av_frame_get_buffer(frame, 0), "frame buffer");
        check(name, av_frame_make_writable(frame), "frame buffer");
        fill(audio, pos, n, frame, bitsPerRawSample == 24);
        frame.pts(pos);
        check(name, avcodec_send_frame(encoder, frame), "encode");
        drain(name, encoder, packet, muxer, stream);
        av_frame_free(frame);
        frame = av_frame_alloc();
      }
      check(name, avcodec_send_frame(encoder, null), "encode (flush)");
      drain(name, encoder, packet, muxer, stream);
      check(name, av_write_trailer(muxer), "trailer");
    } finally {
      if (packet != null) {
        av_packet_free(packet);
      }
      if (frame != null) {
        av_frame_free(frame);
      }
      if (encoder != null) {
        avcodec_free_context(encoder);
      }
      if (!io.isNull()) {
        avio_closep(io);
      }
      if (!muxer.isNull()) {
        muxer.pb(null);
        avformat_free_context(muxer);
      }
    }
  }

  /**
   * FFmpeg's default layout for the channel count, except for FLAC, whose channel assignments for
   * 3–8 channels differ from FFmpeg's defaults (e.g. 3 = L R C, not L R LFE).
   */
  private static void setLayout(AVCodecContext encoder, String muxerName, int channels) {
    long[] flacMasks = {
      AV_CH_LAYOUT_SURROUND,
      AV_CH_LAYOUT_QUAD,
      AV_CH_LAYOUT_5POINT0_BACK,
      AV_CH_LAYOUT_5POINT1_BACK,
      AV_CH_LAYOUT_6POINT1,
      AV_CH_LAYOUT_7POINT1
    };
    if (muxerName.equals("flac") && channels >= 3 && channels <= 8) {
      av_channel_layout_from_mask(encoder.ch_layout(), flacMasks[channels - 3]);
    } else {
      av_channel_layout_default(encoder.ch_layout(), channels);
    }
  }

  /**
   * Copies frames {@code [pos, pos + n)} into the frame (zeros after them, if the frame is longer).
   * S32 holds a 24-bit value in its top bits when {@code is24}.
   */
  private static void fill(PcmAudio audio, int pos, int n, AVFrame frame, boolean is24)
      throws AudioException {
    int channels = audio.channels();
    int format = frame.format();
    int size = frame.nb_samples();
    boolean planar = av_sample_fmt_is_planar(format) != 0;
    int packed = av_get_packed_sample_fmt(format);
    int planes = planar ? channels : 1;
    int perPlane = planar ? 1 : channels;
    int count = size * perPlane;
    for (int plane = 0; plane < planes; plane++) {
      BytePointer data = frame.extended_data(plane);
      int firstChannel = planar ? plane : 0;
      if (packed == AV_SAMPLE_FMT_FLT) {
        float[] s = new float[count];
        for (int k = 0; k < perPlane; k++) {
          for (int i = 0; i < n; i++) {
            s[i * perPlane + k] = audio.sample(firstChannel + k, pos + i);
          }
        }
        new FloatPointer(data).put(s, 0, count);
      } else if (packed == AV_SAMPLE_FMT_S16) {
        short[] s = new short[count];
        for (int k = 0; k < perPlane; k++) {
          for (int i = 0; i < n; i++) {
            s[i * perPlane + k] =
                (short) SampleQuantizer.toPcm(audio.sample(firstChannel + k, pos + i), 16);
          }
        }
        new ShortPointer(data).put(s, 0, count);
      } else if (packed == AV_SAMPLE_FMT_S32) {
        int[] s = new int[count];
        for (int k = 0; k < perPlane; k++) {
          for (int i = 0; i < n; i++) {
            float x = audio.sample(firstChannel + k, pos + i);
            s[i * perPlane + k] =
                is24 ? SampleQuantizer.toPcm(x, 24) << 8 : SampleQuantizer.toPcm(x, 32);
          }
        }
        new IntPointer(data).put(s, 0, count);
      } else {
        throw new AudioException(audio.toString(), "cannot fill sample format " + format);
      }
    }
  }

  private static void drain(
      String name, AVCodecContext encoder, AVPacket packet, AVFormatContext muxer, AVStream stream)
      throws AudioException {
    while (true) {
      int ret = avcodec_receive_packet(encoder, packet);
      if (ret == Ffmpeg.AVERROR_EAGAIN || ret == AVERROR_EOF()) {
        return;
      }
      check(name, ret, "encode");
      packet.stream_index(stream.index());
      av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
      check(name, av_interleaved_write_frame(muxer, packet), "write");
    }
  }

  private static void check(String name, int ret, String step) throws AudioException {
    if (ret < 0) {
      throw new AudioException(name, step + " failed (" + Ffmpeg.describe(ret) + ")");
    }
  }
}
