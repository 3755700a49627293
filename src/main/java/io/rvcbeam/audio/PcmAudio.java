package io.rvcbeam.audio;

/**
 * Immutable float PCM audio: a sample rate and one float array per channel (planar), all of the
 * same length, nominally in [-1, 1]. Constructors and accessors copy, so instances can be shared
 * between threads.
 */
public final class PcmAudio {

  /** Frames per {@link PcmSink#add} in {@link #writeTo}. */
  private static final int FRAMES_PER_ADD = 1 << 16;

  private final int sampleRate;
  private final float[][] samples;
  private final AudioTags tags;

  /** Copies {@code samples} ([channel][frame]). */
  public PcmAudio(int sampleRate, float[][] samples) {
    this(sampleRate, deepCopy(samples), AudioTags.NONE);
  }

  /** Takes {@code samples} as they are. */
  private PcmAudio(int sampleRate, float[][] samples, AudioTags tags) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    if (samples.length == 0) {
      throw new IllegalArgumentException("audio needs at least one channel");
    }
    for (float[] channel : samples) {
      if (channel.length != samples[0].length) {
        throw new IllegalArgumentException("channels differ in length");
      }
    }
    this.sampleRate = sampleRate;
    this.samples = samples;
    this.tags = tags;
  }

  /** Mono audio (copies {@code samples}). */
  public static PcmAudio mono(int sampleRate, float[] samples) {
    return new PcmAudio(sampleRate, new float[][] {samples.clone()}, AudioTags.NONE);
  }

  /**
   * Mono audio that takes ownership of {@code samples} without copying (a song's output is held
   * once); the caller must not change them afterwards.
   */
  public static PcmAudio monoOwning(int sampleRate, float[] samples) {
    return wrap(sampleRate, new float[][] {samples});
  }

  /** Takes ownership of {@code samples} without copying; callers must not keep a reference. */
  static PcmAudio wrap(int sampleRate, float[][] samples) {
    return new PcmAudio(sampleRate, samples, AudioTags.NONE);
  }

  /** The same samples (shared, not copied: both are immutable) with {@code newTags}. */
  public PcmAudio withTags(AudioTags newTags) {
    return new PcmAudio(sampleRate, samples, newTags);
  }

  /** The tags of the file it was decoded from, or {@link AudioTags#NONE}. */
  public AudioTags tags() {
    return tags;
  }

  public int sampleRate() {
    return sampleRate;
  }

  public int channels() {
    return samples.length;
  }

  /** Samples per channel. */
  public int frames() {
    return samples[0].length;
  }

  public double durationSeconds() {
    return (double) frames() / sampleRate;
  }

  /** A copy of one channel's samples. */
  public float[] channel(int index) {
    return samples[index].clone();
  }

  /** One sample, without copying. */
  public float sample(int channel, int frame) {
    return samples[channel][frame];
  }

  /** The channel arrays themselves, for package code that only reads them. */
  float[] channelView(int index) {
    return samples[index];
  }

  /** Hands every frame to {@code sink}, as a decoder would. */
  public void writeTo(PcmSink sink) {
    sink.start(sampleRate, channels());
    int frames = frames();
    for (int at = 0; at < frames; at += FRAMES_PER_ADD) {
      sink.add(samples, at, Math.min(FRAMES_PER_ADD, frames - at));
    }
  }

  /** Arithmetic mean over channels (librosa {@code to_mono}), in float64. */
  public double[] downmixToMono() {
    int n = frames();
    double[] mono = new double[n];
    for (int i = 0; i < n; i++) {
      mono[i] = channelMean(samples, i);
    }
    return mono;
  }

  /** Frame {@code i}'s mean over {@code planes} (one array per channel), in float64. */
  public static double channelMean(float[][] planes, int i) {
    if (planes.length == 1) {
      return planes[0][i];
    }
    double sum = 0;
    for (float[] channel : planes) {
      sum += channel[i];
    }
    return sum / planes.length;
  }

  @Override
  public String toString() {
    return "PcmAudio{" + sampleRate + " Hz, " + channels() + " ch, " + frames() + " frames}";
  }

  private static float[][] deepCopy(float[][] samples) {
    float[][] copy = new float[samples.length][];
    for (int c = 0; c < samples.length; c++) {
      copy[c] = samples[c].clone();
    }
    return copy;
  }
}
