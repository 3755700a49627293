package io.rvcbeam.audio;

/**
 * Where {@link AudioDecoder} puts decoded samples, frame by frame, so that a consumer that wants
 * less than every channel at the file's rate (the mono 16 kHz song) never holds the whole file.
 */
public interface PcmSink {

  /** Called once, before the first samples. */
  void start(int sampleRate, int channels);

  /**
   * @param planes one array per channel, in [-1, 1]; valid only during the call
   * @param offset first frame to read
   * @param frames frames to read
   */
  void add(float[][] planes, int offset, int frames);
}
