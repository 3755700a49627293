package io.rvcbeam.audio;

/**
 * Float to integer PCM as libsndfile does for soundfile's writes (rvc-spec §9.3): scale by
 * 2^(bits−1) − 1 and round half to even ({@code lrintf}). Values outside [-1, 1] are clipped first
 * (libsndfile would wrap them; the reference never produces them after its peak limit).
 */
final class SampleQuantizer {

  private SampleQuantizer() {}

  static int toPcm(float x, int bits) {
    double max = (1L << (bits - 1)) - 1;
    double clipped = Math.max(-1.0, Math.min(1.0, x));
    return (int) Math.rint(clipped * max);
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
