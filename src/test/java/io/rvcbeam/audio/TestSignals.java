package io.rvcbeam.audio;

/** Deterministic test audio. */
final class TestSignals {

  private TestSignals() {}

  /**
   * A chord (220, 330, 1000 Hz, different per channel) plus a little seeded noise, peaks near ±0.9,
   * and the extreme values ±1 at the start, to exercise rounding and clipping.
   */
  static PcmAudio chord(int rate, int channels, int frames) {
    java.util.Random random = new java.util.Random(42 + channels);
    float[][] s = new float[channels][frames];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < frames; i++) {
        double t = (double) i / rate;
        double v =
            0.4 * Math.sin(2 * Math.PI * 220 * (c + 1) * t)
                + 0.3 * Math.sin(2 * Math.PI * 330 * t + c)
                + 0.15 * Math.sin(2 * Math.PI * 1000 * t)
                + 0.02 * random.nextGaussian();
        s[c][i] = (float) v;
      }
      if (frames > 2) {
        s[c][0] = 1f;
        s[c][1] = -1f;
      }
    }
    return new PcmAudio(rate, s);
  }
}
