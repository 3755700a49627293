package io.rvcbeam.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_double;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_int;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Sample-rate conversion with libswresample in float64, and RVC's input preparation (channel mean,
 * then 16 kHz).
 *
 * <p>The reference resamples with soxr "VHQ" (librosa {@code res_type="soxr_vhq"}); the JavaCPP
 * FFmpeg build has no libsoxr, so this uses swresample's own polyphase filter with settings far
 * above its defaults: Kaiser-windowed sinc, {@value #FILTER_SIZE} taps per phase at the lower rate,
 * β = {@value #KAISER_BETA} (about 140 dB stop-band), cut-off {@value #CUTOFF} of the lower
 * Nyquist, float64 internally. Rate pairs whose reduced output rate is at most 1024 (all common
 * ones, e.g. 44.1 k→16 k needs 160 phases) use exact phases; others interpolate between 1024.
 * Outputs have librosa's length, {@code ceil(n · out / in)}. The result is close to soxr but not
 * bit-exact (neither is the reference's own golden input, made with scipy {@code resample_poly}).
 *
 * <p>Thread-safe: each call builds its own resampler.
 */
public final class Resampler {

  static final int FILTER_SIZE = 256;
  static final double KAISER_BETA = 14;
  static final double CUTOFF = 0.96;
  private static final int PHASE_SHIFT = 10;
  private static final int BLOCK = 1 << 16;

  /** Sample rate of everything RVC analyses (content encoder, pitch, high-pass). */
  public static final int RVC_RATE = 16000;

  private Resampler() {}

  /** Mean over channels, then {@value #RVC_RATE} Hz (docs/algorithm.md §2.1 steps 2–3); float64. */
  public static double[] toMono16k(PcmAudio audio) {
    return resample(audio.downmixToMono(), audio.sampleRate(), RVC_RATE);
  }

  /** Every channel of {@code audio} at {@code outRate}; the same object if the rate matches. */
  public static PcmAudio resample(PcmAudio audio, int outRate) {
    if (audio.sampleRate() == outRate) {
      return audio;
    }
    float[][] out = new float[audio.channels()][];
    for (int c = 0; c < out.length; c++) {
      float[] in = audio.channelView(c);
      double[] x = new double[in.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = in[i];
      }
      double[] y = resample(x, audio.sampleRate(), outRate);
      out[c] = new float[y.length];
      for (int i = 0; i < y.length; i++) {
        out[c][i] = (float) y[i];
      }
    }
    return PcmAudio.wrap(outRate, out).withTags(audio.tags());
  }

  /** Float32 mono convenience, e.g. the converted voice at the model rate to the output rate. */
  public static float[] resample(float[] x, int inRate, int outRate) {
    double[] d = new double[x.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = x[i];
    }
    double[] y = resample(d, inRate, outRate);
    float[] f = new float[y.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) y[i];
    }
    return f;
  }

  /**
   * {@code x} (mono, at {@code inRate}) at {@code outRate}: {@code ceil(len · out / in)} samples.
   */
  public static double[] resample(double[] x, int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      throw new IllegalArgumentException(
          "sample rates must be positive: " + inRate + " -> " + outRate);
    }
    if (inRate == outRate) {
      return x.clone();
    }
    int length = (int) Math.min(Integer.MAX_VALUE - 8, ceilDiv((long) x.length * outRate, inRate));
    double[] y = new double[length];
    if (x.length == 0) {
      return y;
    }
    Ffmpeg.load();
    SwrContext swr = open(inRate, outRate);
    int outCapacity = swr_get_out_samples(swr, BLOCK) + 64;
    try (DoublePointer inBuf = new DoublePointer(BLOCK);
        DoublePointer outBuf = new DoublePointer(outCapacity);
        PointerPointer<Pointer> inPlanes = new PointerPointer<>(1L);
        PointerPointer<Pointer> outPlanes = new PointerPointer<>(1L)) {
      inPlanes.put(0, inBuf);
      outPlanes.put(0, outBuf);
      double[] block = new double[outCapacity];
      int written = 0;
      for (int pos = 0; pos < x.length; pos += BLOCK) {
        int n = Math.min(BLOCK, x.length - pos);
        inBuf.put(x, pos, n);
        int produced = swr_convert(swr, outPlanes, outCapacity, inPlanes, n);
        check(produced, "swr_convert");
        written = copyOut(outBuf, produced, block, y, written);
      }
      int produced;
      while ((produced = swr_convert(swr, outPlanes, outCapacity, null, 0)) > 0) {
        written = copyOut(outBuf, produced, block, y, written);
      }
      check(produced, "swr_convert (flush)");
    } finally {
      swr_free(swr);
    }
    return y;
  }

  private static int copyOut(
      DoublePointer outBuf, int produced, double[] block, double[] y, int written) {
    int keep = Math.min(produced, y.length - written);
    if (keep > 0) {
      outBuf.get(block, 0, keep);
      System.arraycopy(block, 0, y, written, keep);
      written += keep;
    }
    return written;
  }

  private static SwrContext open(int inRate, int outRate) {
    AVChannelLayout mono = new AVChannelLayout();
    av_channel_layout_default(mono, 1);
    SwrContext swr = new SwrContext(null);
    try {
      check(
          swr_alloc_set_opts2(
              swr, mono, AV_SAMPLE_FMT_DBL, outRate, mono, AV_SAMPLE_FMT_DBL, inRate, 0, null),
          "swr_alloc_set_opts2");
      check(av_opt_set_int(swr, "filter_size", FILTER_SIZE, 0), "filter_size");
      check(av_opt_set_int(swr, "phase_shift", PHASE_SHIFT, 0), "phase_shift");
      check(av_opt_set_double(swr, "cutoff", CUTOFF, 0), "cutoff");
      check(av_opt_set_double(swr, "kaiser_beta", KAISER_BETA, 0), "kaiser_beta");
      check(av_opt_set_int(swr, "exact_rational", 1, 0), "exact_rational");
      check(av_opt_set_int(swr, "linear_interp", 1, 0), "linear_interp");
      check(swr_init(swr), "swr_init");
      return swr;
    } catch (RuntimeException e) {
      swr_free(swr);
      throw e;
    } finally {
      av_channel_layout_uninit(mono);
      mono.close();
    }
  }

  private static void check(int ret, String what) {
    if (ret < 0) {
      throw new IllegalStateException("libswresample " + what + " failed: " + Ffmpeg.describe(ret));
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
