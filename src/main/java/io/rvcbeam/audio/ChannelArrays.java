package io.rvcbeam.audio;

/** A {@link PcmSink} that keeps every channel: the whole file as {@link PcmAudio}. */
final class ChannelArrays implements PcmSink {

  private int sampleRate;
  private FloatArrayBuilder[] channels;

  @Override
  public void start(int sampleRate, int channels) {
    this.sampleRate = sampleRate;
    this.channels = new FloatArrayBuilder[channels];
    for (int c = 0; c < channels; c++) {
      this.channels[c] = new FloatArrayBuilder();
    }
  }

  @Override
  public void add(float[][] planes, int offset, int frames) {
    for (int c = 0; c < channels.length; c++) {
      FloatArrayBuilder b = channels[c];
      b.ensureSpace(frames);
      for (int i = offset; i < offset + frames; i++) {
        b.put(planes[c][i]);
      }
    }
  }

  PcmAudio result() {
    float[][] samples = new float[channels.length][];
    for (int c = 0; c < samples.length; c++) {
      samples[c] = channels[c].toArray();
    }
    return PcmAudio.wrap(sampleRate, samples);
  }
}
