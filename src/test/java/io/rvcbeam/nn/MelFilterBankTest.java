package io.rvcbeam.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Npy;
import org.junit.jupiter.api.Test;

class MelFilterBankTest {

  @Test
  void givenRmvpeParameters_matchesLibrosaGolden() throws Exception {
    HostTensor golden = Npy.read(Golden.path("stages/rmvpe_mel_basis.npy"));
    assertArrayEquals(new long[] {128, 513}, golden.shape());
    float[] expected = golden.toFloatArray();
    float[] actual = MelFilterBank.htkSlaney(16000, 1024, 128, 30, 8000);
    assertEquals(expected.length, actual.length);
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
    }
    assertEquals(0.0, maxDiff, 1e-8, "max abs difference to librosa's bank");
  }

  @Test
  void givenRmvpeParameters_matchesSpecChecksums() {
    float[] w = MelFilterBank.htkSlaney(16000, 1024, 128, 30, 8000);
    double sum = 0;
    float max = 0;
    for (float v : w) {
      sum += v;
      max = Math.max(max, v);
    }
    assertEquals(8.189247, sum, 1e-5);
    assertEquals(0.05678504, max, 1e-8);
    assertEquals(0.00617564, w[2], 1e-8);
    assertEquals(0.05678504, w[3], 1e-8);
    assertEquals(0f, w[4]);
    assertEquals(0f, w[1]);
  }

  @Test
  void htkScale_roundTrips() {
    assertEquals(47.29340817558667, MelFilterBank.hzToMelHtk(30), 1e-12);
    assertEquals(2840.023046708319, MelFilterBank.hzToMelHtk(8000), 1e-9);
    assertEquals(440.0, MelFilterBank.melToHzHtk(MelFilterBank.hzToMelHtk(440)), 1e-9);
  }

  @Test
  void givenFmaxAboveNyquist_throws() {
    assertThrows(IllegalArgumentException.class,
        () -> MelFilterBank.htkSlaney(16000, 1024, 128, 30, 9000));
  }
}
