package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.models.PitchEstimator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pitch decoded window by window equals decoding the stitched whole-song salience. */
class PitchTrackTest {

  @Test
  void windowByWindowDecoding_equalsDecodingTheStitchedSalience() throws Exception {
    float[] padded = new float[40 * 16000];
    double[] song = TestSongs.harmonicTonesWithPauses(40);
    for (int i = 0; i < song.length && i < padded.length; i++) {
      padded[i] = (float) song[i];
    }
    PitchWindows plan = PitchWindows.plan(PitchWindows.framesOf(padded.length), 1024, 128);
    assertTrue(plan.windows().size() >= 4, "windows: " + plan.windows().size());
    try (PitchEstimator rmvpe =
        PitchEstimator.load(Golden.path("models/rmvpe_tiny.pt"), Device.cpu(), DataType.FLOAT32)) {
      List<float[][]> outputs = new ArrayList<>();
      for (PitchWindows.Window w : plan.windows()) {
        outputs.add(rmvpe.windowSalience(new float[][] {w.audio(padded)})[0]);
      }
      double[] expected =
          PitchEstimator.decode(plan.stitch(outputs), PitchEstimator.DEFAULT_THRESHOLD);

      double[] f0 = PitchTrack.estimate(rmvpe, padded, PitchEstimator.DEFAULT_THRESHOLD, plan);

      assertArrayEquals(expected, f0);
    }
  }
}
