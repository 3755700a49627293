package io.rvcbeam.convert;

/** Cheap synthetic songs at 16 kHz. */
final class TestSongs {

  private TestSongs() {}

  /**
   * Harmonic tones (three partials, a new note every 2 s from a five-note cycle) with a 0.5 s
   * pause after every note, so the song has voiced and unvoiced stretches.
   */
  static double[] harmonicTonesWithPauses(int seconds) {
    double[] notes = {110, 146.83, 196, 261.63, 329.63};
    int rate = ChunkConfig.SAMPLE_RATE;
    double[] x = new double[seconds * rate];
    int noteLength = 2 * rate;
    int pause = rate / 2;
    double phase = 0;
    for (int i = 0; i < x.length; i++) {
      int note = i / (noteLength + pause);
      int at = i % (noteLength + pause);
      if (at >= noteLength) {
        phase = 0;
        continue;
      }
      double f = notes[note % notes.length] * (1 + 0.01 * Math.sin(2 * Math.PI * 5 * i / rate));
      phase += 2 * Math.PI * f / rate;
      double envelope = Math.min(1, Math.min(at, noteLength - at) / (0.05 * rate));
      x[i] = 0.3 * envelope
          * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
    }
    return x;
  }
}
