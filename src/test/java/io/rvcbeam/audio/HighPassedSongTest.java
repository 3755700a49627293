package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HighPassedSongTest {

  @Test
  void givenSignalsOfManyLengths_matchesTheWholeArrayFilterBitForBit() {
    SplittableRandom random = new SplittableRandom(4);
    int b = HighPassedSong.BLOCK;
    for (int n : new int[] {1, 2, 5, 18, 19, 37, b - 18, b, b + 1, 3 * b + 37, 100_000}) {
      for (double amplitude : new double[] {0.3, 2.5}) { // quiet: no limiting; loud: limited
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = amplitude * (Math.sin(i * 0.003) + 0.5 * (2 * random.nextDouble() - 1));
        }
        double[] copy = x.clone();
        double[] expected = HighPassFilter.RVC.apply(PeakLimiter.limit(x, 0.95));
        HighPassedSong song = HighPassFilter.RVC.applyLimited(x, 0.95);
        assertArrayEquals(copy, x, "the input is not modified");
        assertEquals(n, song.length());
        float[] cast = new float[n];
        for (int i = 0; i < n; i++) {
          cast[i] = (float) expected[i];
        }
        assertArrayEquals(cast, song.samples(), "n " + n + " amplitude " + amplitude);
        double[] exact = new double[n];
        song.readExact(0, n, exact);
        assertArrayEquals(expected, exact, "n " + n);
        for (int r = 0; r < 20; r++) {
          int from = random.nextInt(n);
          int to = from + random.nextInt(n - from + 1);
          double[] part = new double[to - from];
          song.readExact(from, to, part);
          assertArrayEquals(Arrays.copyOfRange(expected, from, to), part, from + ".." + to);
        }
      }
    }
  }

  @Test
  void badRangesAndEmptySignals_refuse() {
    HighPassedSong song = HighPassFilter.RVC.applyLimited(new double[100], 0.95);
    assertThrows(IndexOutOfBoundsException.class, () -> song.readExact(50, 101, new double[51]));
    assertThrows(IllegalArgumentException.class,
        () -> HighPassFilter.RVC.applyLimited(new double[0], 0.95));
  }
}
