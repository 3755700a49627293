package io.rvcbeam.cli;

/**
 * How far a converted song is from a reference conversion of it: signal-to-noise ratio in dB
 * (reference power over difference power) and the largest sample difference.
 */
record OutputDifference(double snrDb, double maxAbs, int samples) {

  static OutputDifference of(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new IllegalArgumentException("outputs differ in length: " + actual.length + " vs "
          + expected.length + " samples");
    }
    double signal = 0;
    double noise = 0;
    double maxAbs = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = (double) actual[i] - expected[i];
      signal += (double) expected[i] * expected[i];
      noise += d * d;
      maxAbs = Math.max(maxAbs, Math.abs(d));
    }
    double snr = noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
    return new OutputDifference(snr, maxAbs, actual.length);
  }

  String describe() {
    return String.format("SNR %.1f dB, max |difference| %.2e over %d samples", snrDb, maxAbs,
        samples);
  }
}
