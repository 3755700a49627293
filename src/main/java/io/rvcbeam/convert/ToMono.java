package io.rvcbeam.convert;

import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.audio.Resampler;

/**
 * Step 1 of the chain: a decoded file as the mono signal the networks read (docs/algorithm.md
 * §2.1): the channel mean, resampled to {@code rate} (16 kHz for the song, the voice model's rate
 * for an instrumental stem). Stateless.
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
    double[] mono = audio.downmixToMono();
    // The resampler copies even at the same rate; the channel mean is already our own array.
    return audio.sampleRate() == rate ? mono : Resampler.resample(mono, audio.sampleRate(), rate);
  }
}
