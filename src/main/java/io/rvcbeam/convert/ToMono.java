package io.rvcbeam.convert;

import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.audio.PcmSink;
import io.rvcbeam.audio.Resampler;
import java.util.function.DoubleConsumer;

/**
 * Step 1 of the chain: a decoded file as the mono signal the networks read (docs/algorithm.md
 * §2.1): the channel mean, resampled to {@code rate} (16 kHz for the song, the voice model's rate
 * for an instrumental stem). Stateless; {@link #sink()} does the same while a file decodes, so
 * the file is never held at its own rate and channel count.
 */
public final class ToMono {

  private final int rate;

  public ToMono(int rate) {
    if (rate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive, got " + rate);
    }
    this.rate = rate;
  }

  /** The song's 16 kHz step. */
  public static ToMono at16k() {
    return new ToMono(ChunkConfig.SAMPLE_RATE);
  }

  /** @return mono samples at this step's rate, float64 */
  public double[] apply(PcmAudio audio) {
    try (Sink sink = sink()) {
      audio.writeTo(sink);
      return sink.samples();
    }
  }

  /** A sink for {@code AudioDecoder.decode(…, sink)}; {@link Sink#samples()} afterwards. */
  public Sink sink() {
    return new Sink(rate, null);
  }

  /**
   * A sink that hands each mono sample at this step's rate to {@code samples} as it is made;
   * {@link Sink#finish()} after the decode hands on the rest.
   */
  public Sink sink(DoubleConsumer samples) {
    return new Sink(rate, samples);
  }

  /** The channel mean of each decoded frame, resampled as it arrives. Close it after use. */
  public static final class Sink implements PcmSink, AutoCloseable {

    private final int rate;
    private final DoubleConsumer consumer;
    private Resampler.Stream resampler;
    private int sourceRate;
    private int channels;

    private Sink(int rate, DoubleConsumer consumer) {
      this.rate = rate;
      this.consumer = consumer;
    }

    @Override
    public void start(int sampleRate, int channels) {
      this.sourceRate = sampleRate;
      this.channels = channels;
      resampler = consumer == null
          ? new Resampler.Stream(sampleRate, rate)
          : new Resampler.Stream(sampleRate, rate, consumer);
    }

    @Override
    public void add(float[][] planes, int offset, int frames) {
      for (int i = offset; i < offset + frames; i++) {
        resampler.add(PcmAudio.channelMean(planes, i));
      }
    }

    /** The decoded file's own rate. */
    public int sourceRate() {
      return sourceRate;
    }

    /** The decoded file's channel count. */
    public int channels() {
      return channels;
    }

    /** Mono samples at the step's rate, float64, for a sink made without a consumer; once. */
    public double[] samples() {
      return started().samples();
    }

    /** Hands on the last samples (a sink made with a consumer); returns how many in all. */
    public int finish() {
      return started().finish();
    }

    private Resampler.Stream started() {
      if (resampler == null) {
        throw new IllegalStateException("no audio was decoded into this sink");
      }
      return resampler;
    }

    @Override
    public void close() {
      if (resampler != null) {
        resampler.close();
      }
    }
  }
}
