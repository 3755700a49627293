package io.rvcbeam.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBLP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S64;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S64P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8P;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Hands decoded FFmpeg frames, whatever their sample format, to a {@link PcmSink} as float
 * planes. Integers are scaled by 1 / 2^(bits−1) (unsigned 8-bit is offset by 128 first). Checks
 * that the stream keeps its channel count and rate.
 */
final class FrameCollector {

  private final String name;
  private final PcmSink sink;
  private int sampleRate;
  private int channels;
  private long frames;
  private float[][] planes = new float[0][0];

  FrameCollector(String name, PcmSink sink) {
    this.name = name;
    this.sink = sink;
  }

  void add(AVFrame frame) throws AudioException {
    int n = frame.nb_samples();
    int ch = frame.ch_layout().nb_channels();
    int rate = frame.sample_rate();
    if (channels == 0) {
      if (ch <= 0 || rate <= 0) {
        throw new AudioException(name, "decoder reports " + ch + " channels at " + rate + " Hz");
      }
      sampleRate = rate;
      channels = ch;
      sink.start(rate, ch);
    } else if (ch != channels || rate != sampleRate) {
      throw new AudioException(
          name,
          "stream changes from "
              + channels
              + " ch / "
              + sampleRate
              + " Hz to "
              + ch
              + " ch / "
              + rate
              + " Hz after "
              + describePosition());
    }
    if (n <= 0) {
      return;
    }
    if (planes.length != ch || planes[0].length < n) {
      planes = new float[ch][n];
    }
    int format = frame.format();
    if (av_sample_fmt_is_planar(format) != 0) {
      for (int c = 0; c < ch; c++) {
        read(format, frame.extended_data(c), planes[c], n);
      }
    } else {
      float[] interleaved = new float[n * ch];
      read(format, frame.extended_data(0), interleaved, interleaved.length);
      for (int c = 0; c < ch; c++) {
        for (int i = 0; i < n; i++) {
          planes[c][i] = interleaved[i * ch + c];
        }
      }
    }
    sink.add(planes, 0, n);
    frames += n;
  }

  private void read(int format, BytePointer data, float[] dst, int count) throws AudioException {
    if (format == AV_SAMPLE_FMT_FLT || format == AV_SAMPLE_FMT_FLTP) {
      new FloatPointer(data).get(dst, 0, count);
    } else if (format == AV_SAMPLE_FMT_S16 || format == AV_SAMPLE_FMT_S16P) {
      short[] s = new short[count];
      new ShortPointer(data).get(s, 0, count);
      for (int i = 0; i < count; i++) {
        dst[i] = s[i] / 32768f;
      }
    } else if (format == AV_SAMPLE_FMT_S32 || format == AV_SAMPLE_FMT_S32P) {
      int[] s = new int[count];
      new IntPointer(data).get(s, 0, count);
      for (int i = 0; i < count; i++) {
        dst[i] = (float) (s[i] / 2147483648.0);
      }
    } else if (format == AV_SAMPLE_FMT_DBL || format == AV_SAMPLE_FMT_DBLP) {
      double[] s = new double[count];
      new DoublePointer(data).get(s, 0, count);
      for (int i = 0; i < count; i++) {
        dst[i] = (float) s[i];
      }
    } else if (format == AV_SAMPLE_FMT_U8 || format == AV_SAMPLE_FMT_U8P) {
      byte[] s = new byte[count];
      data.get(s, 0, count);
      for (int i = 0; i < count; i++) {
        dst[i] = ((s[i] & 0xFF) - 128) / 128f;
      }
    } else if (format == AV_SAMPLE_FMT_S64 || format == AV_SAMPLE_FMT_S64P) {
      long[] s = new long[count];
      new LongPointer(data).get(s, 0, count);
      for (int i = 0; i < count; i++) {
        dst[i] = (float) (s[i] / 9.223372036854775808E18);
      }
    } else {
      BytePointer fmtName = av_get_sample_fmt_name(format);
      throw new AudioException(
          name,
          "unsupported decoded sample format "
              + (fmtName == null || fmtName.isNull()
                  ? String.valueOf(format)
                  : fmtName.getString()));
    }
  }

  String describePosition() {
    return channels == 0 ? "0 s" : String.format("%.3f s", (double) frames / sampleRate);
  }

  /** Throws when the stream held no samples at all. */
  void finish() throws AudioException {
    if (frames == 0) {
      throw new AudioException(name, "contains no audio samples");
    }
  }
}
