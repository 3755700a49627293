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

import java.util.function.DoubleConsumer;
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

  /** Every channel of {@code audio} at {@code outRate}; the same object if the rate matches. */
  public static PcmAudio resample(PcmAudio audio, int outRate) {
    if (audio.sampleRate() == outRate) {
      return audio;
    }
    float[][] out = new float[audio.channels()][];
    for (int c = 0; c < out.length; c++) {
      out[c] = resample(audio.channelView(c), audio.sampleRate(), outRate);
    }
    return PcmAudio.wrap(outRate, out).withTags(audio.tags());
  }

  /**
   * Float32 mono, resampled in float64 as {@link #resample(double[], int, int)} does, without a
   * float64 copy of either side (the converted voice at the model rate to the output rate).
   */
  public static float[] resample(float[] x, int inRate, int outRate) {
    float[] y = new float[outputLength(x.length, inRate, outRate)];
    int[] at = {0};
    try (Stream stream = new Stream(inRate, outRate, v -> y[at[0]++] = (float) v)) {
      for (float v : x) {
        stream.add(v);
      }
      stream.finish();
    }
    return y;
  }

  /**
   * {@code x} (mono, at {@code inRate}) at {@code outRate}: {@code ceil(len · out / in)} samples.
   */
  public static double[] resample(double[] x, int inRate, int outRate) {
    double[] y = new double[outputLength(x.length, inRate, outRate)];
    int[] at = {0};
    try (Stream stream = new Stream(inRate, outRate, v -> y[at[0]++] = v)) {
      stream.add(x, 0, x.length);
      stream.finish();
    }
    return y;
  }

  /** How many samples {@code samples} at {@code inRate} make at {@code outRate}. */
  private static int outputLength(long samples, int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      throw new IllegalArgumentException(
          "sample rates must be positive: " + inRate + " -> " + outRate);
    }
    return (int) Math.min(Integer.MAX_VALUE - 8, ceilDiv(samples * outRate, inRate));
  }

  /**
   * A mono signal resampled as it arrives, so that a long file is never held at its own rate.
   * The input goes to libswresample in the same blocks as a whole array would, so the output is
   * the same bytes as {@link #resample(double[], int, int)} on the concatenated input: collected
   * ({@link #samples()}) or handed on in order as it is made. Holds native buffers until closed.
   */
  public static final class Stream implements AutoCloseable {

    private final int inRate;
    private final int outRate;
    private final DoubleConsumer out;
    private final DoubleBlocks collected;
    private long emitted;
    private final double[] block = new double[BLOCK];
    private int buffered;
    private long received;
    private SwrContext swr;
    private DoublePointer inBuf;
    private DoublePointer outBuf;
    private PointerPointer<Pointer> inPlanes;
    private PointerPointer<Pointer> outPlanes;
    private double[] produced;
    private int outCapacity;

    /** Collects the output for {@link #samples()}. */
    public Stream(int inRate, int outRate) {
      this(inRate, outRate, null);
    }

    /** Hands each output sample to {@code out}, in order; {@link #finish()} ends it. */
    public Stream(int inRate, int outRate, DoubleConsumer out) {
      if (inRate <= 0 || outRate <= 0) {
        throw new IllegalArgumentException(
            "sample rates must be positive: " + inRate + " -> " + outRate);
      }
      this.inRate = inRate;
      this.outRate = outRate;
      this.collected = out == null ? new DoubleBlocks() : null;
      this.out = out == null ? collected::add : out;
    }

    public void add(double v) {
      if (inRate == outRate) {
        emit(v);
      } else {
        block[buffered++] = v;
        if (buffered == BLOCK) {
          convert();
        }
      }
      received++;
    }

    public void add(double[] x, int offset, int n) {
      for (int i = offset; i < offset + n; i++) {
        add(x[i]);
      }
    }

    /**
     * Flushes the resampler and pads with zeros: {@code ceil(samples in · out / in)} samples have
     * then been handed on. The stream is spent.
     *
     * @return that length
     */
    public int finish() {
      int length = outputLength(received, inRate, outRate);
      if (inRate != outRate && received > 0) {
        if (buffered > 0) {
          convert();
        }
        int n;
        while ((n = swr_convert(swr, outPlanes, outCapacity, null, 0)) > 0) {
          keep(n, length);
        }
        check(n, "swr_convert (flush)");
      }
      if (emitted > length) {
        throw new IllegalStateException(
            "libswresample made " + emitted + " samples before its flush, past " + length);
      }
      while (emitted < length) {
        emit(0);
      }
      return length;
    }

    /** The whole output, for a stream made without a consumer. */
    public double[] samples() {
      if (collected == null) {
        throw new IllegalStateException("this stream hands its samples on");
      }
      finish();
      return collected.toArray();
    }

    private void convert() {
      if (swr == null) {
        Ffmpeg.load();
        swr = open(inRate, outRate);
        outCapacity = swr_get_out_samples(swr, BLOCK) + 64;
        inBuf = new DoublePointer(BLOCK);
        outBuf = new DoublePointer(outCapacity);
        inPlanes = new PointerPointer<>(1L);
        outPlanes = new PointerPointer<>(1L);
        inPlanes.put(0, inBuf);
        outPlanes.put(0, outBuf);
        produced = new double[outCapacity];
      }
      inBuf.put(block, 0, buffered);
      int n = swr_convert(swr, outPlanes, outCapacity, inPlanes, buffered);
      check(n, "swr_convert");
      keep(n, Long.MAX_VALUE);
      buffered = 0;
    }

    private void keep(int n, long limit) {
      outBuf.get(produced, 0, n);
      for (int i = 0; i < n && emitted < limit; i++) {
        emit(produced[i]);
      }
    }

    private void emit(double v) {
      out.accept(v);
      emitted++;
    }

    @Override
    public void close() {
      if (swr != null) {
        swr_free(swr);
        swr = null;
        inBuf.close();
        outBuf.close();
        inPlanes.close();
        outPlanes.close();
      }
    }
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
