package io.rvcbeam.audio;

/**
 * Float to integer PCM as libsndfile does for soundfile's writes (docs/algorithm.md §9.3): scale by
 * 2^(bits−1) − 1 in float and round half to even ({@code lrintf(x * normfact)}). Values outside
 * [-1, 1] are clipped first (libsndfile would wrap them; the reference never produces them after
 * its peak limit).
 */
final class SampleQuantizer {

  private SampleQuantizer() {}

  static int toPcm(float x, int bits) {
    if (bits > 24) {
      double clipped = Math.max(-1.0, Math.min(1.0, x));
      return (int) Math.rint(clipped * ((1L << (bits - 1)) - 1));
    }
    float max = (1 << (bits - 1)) - 1; // exact in float up to 24 bits
    float clipped = Math.max(-1f, Math.min(1f, x));
    // The product in float, as lrintf(x * normfact) takes it: it can round to a tie that the
    // exact product is not (0.42550433f · 32767 = 13942.50028, in float 13942.5 → 13942).
    float scaled = clipped * max;
    return (int) Math.rint(scaled);
  }

  /** Finds the first NaN or infinite sample; null if all are finite. */
  static String firstNonFinite(PcmAudio audio) {
    for (int c = 0; c < audio.channels(); c++) {
      float[] ch = audio.channelView(c);
      for (int i = 0; i < ch.length; i++) {
        if (!Float.isFinite(ch[i])) {
          return ch[i] + " at channel " + c + ", frame " + i;
        }
      }
    }
    return null;
  }
}
