package io.rvcbeam.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_SAMPLE_FORMAT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_SAMPLE_RATE;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_supported_config;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * MP3, Ogg Vorbis, Opus and M4A (AAC) through FFmpeg's encoders, in bit-exact mode so the same
 * audio and settings give the same bytes.
 *
 * <p>A codec that cannot take the audio's rate gets it resampled to the nearest rate it takes at
 * or above it (MP3 and AAC have no 40 kHz: 44.1 kHz is used; Opus is always 48 kHz), so no
 * bandwidth is lost. Mono Vorbis from FFmpeg's own encoder is written as two equal channels.
 */
final class LossyEncoder {

  private LossyEncoder() {}

  /** The rate {@code format} is written at for audio at {@code sampleRate}. */
  static int encodedRate(AudioFormat format, int sampleRate) throws AudioException {
    return chooseRate(supportedRates(codec(format, format.toString())), sampleRate);
  }

  /**
   * @param bitRate bits per second, or 0 for {@link AudioFormat#defaultBitRate}
   */
  static void write(PcmAudio audio, AudioFormat format, int bitRate, Path file, String name)
      throws AudioException {
    Ffmpeg.load();
    AVCodec codec = codec(format, name);
    int rate = chooseRate(supportedRates(codec), audio.sampleRate());
    PcmAudio input = Resampler.resample(audio, rate);
    if (codec.name().getString().equals("vorbis") && input.channels() == 1) {
      // FFmpeg's own Vorbis encoder (used when the build has no libvorbis, as JavaCPP's has
      // not) codes stereo only: mono goes out as two identical channels.
      float[] mono = input.channelView(0);
      input = PcmAudio.wrap(rate, new float[][] {mono, mono});
    }
    FfmpegAudioWriter.write(
        input,
        file,
        name,
        muxer(format),
        codec,
        sampleFormat(codec, name),
        0,
        bitRate > 0 ? bitRate : format.defaultBitRate(),
        audio.tags());
  }

  /** FFmpeg muxer name ({@code ffmpeg -muxers}). */
  private static String muxer(AudioFormat format) {
    return switch (format) {
      case MP3 -> "mp3";
      case OGG_VORBIS -> "ogg";
      case OPUS -> "opus";
      case M4A_AAC -> "ipod";
      default -> throw new IllegalArgumentException(format + " is not a lossy format");
    };
  }

  /** The first encoder of the format's list that this FFmpeg build has. */
  private static AVCodec codec(AudioFormat format, String name) throws AudioException {
    Ffmpeg.load();
    List<String> names =
        switch (format) {
          case MP3 -> List.of("libmp3lame");
          // FFmpeg's own Vorbis and Opus encoders are experimental: only a fallback.
          case OGG_VORBIS -> List.of("libvorbis", "vorbis");
          case OPUS -> List.of("libopus", "opus");
          case M4A_AAC -> List.of("aac");
          default -> throw new IllegalArgumentException(format + " is not a lossy format");
        };
    for (String encoder : names) {
      AVCodec codec = avcodec_find_encoder_by_name(encoder);
      if (codec != null && !codec.isNull()) {
        return codec;
      }
    }
    throw new AudioException(name, "this FFmpeg build has no " + names + " encoder for " + format);
  }

  /** The codec's sample rates, or an empty array when it takes any. */
  private static int[] supportedRates(AVCodec codec) {
    return supportedConfig(codec, AV_CODEC_CONFIG_SAMPLE_RATE);
  }

  /** Float if the codec takes it (no rounding before the codec), else 16-bit integers. */
  private static int sampleFormat(AVCodec codec, String name) throws AudioException {
    int[] formats = supportedConfig(codec, AV_CODEC_CONFIG_SAMPLE_FORMAT);
    for (int preferred :
        new int[] {AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S16P, AV_SAMPLE_FMT_S16}) {
      for (int f : formats) {
        if (f == preferred) {
          return f;
        }
      }
    }
    throw new AudioException(name, codec.name().getString() + " takes no float or 16-bit samples");
  }

  /** Smallest supported rate at or above {@code rate}, else the largest; any rate if none listed. */
  static int chooseRate(int[] supported, int rate) {
    if (supported.length == 0) {
      return rate;
    }
    int best = -1;
    int max = 0;
    for (int r : supported) {
      max = Math.max(max, r);
      if (r >= rate && (best < 0 || r < best)) {
        best = r;
      }
    }
    return best > 0 ? best : max;
  }

  /** {@code avcodec_get_supported_config}'s list as ints (rates or sample formats). */
  private static int[] supportedConfig(AVCodec codec, int what) {
    try (PointerPointer<?> out = new PointerPointer<>(1L);
        IntPointer count = new IntPointer(1L)) {
      int ret = avcodec_get_supported_config((AVCodecContext) null, codec, what, 0, out, count);
      if (ret < 0 || out.get(0) == null || count.get() <= 0) {
        return new int[0];
      }
      IntPointer values = new IntPointer(out.get(0)).capacity(count.get());
      int[] result = new int[count.get()];
      values.get(result);
      return result;
    }
  }
}
