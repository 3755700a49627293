package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tiny voice models against the reference's outputs (golden README, "Synthesizer goldens"). */
class SynthesizerGoldenTest {

  /** Absolute tolerance; the reference's own fp32-vs-fp64 spread is ≤ 1e-5. */
  private static final double TOLERANCE = 1e-4;

  private static NDManager root;

  @BeforeAll
  static void start() {
    root = NDManager.newBaseManager(Device.cpu());
  }

  @AfterAll
  static void stop() {
    root.close();
  }

  static SynthInput goldenInput(Synthesizer m) throws IOException {
    int dim = m.config().phoneDim();
    HostTensor phone = Npy.read(Golden.path("synth/in_phone_" + dim + ".npy"));
    long[] pitch = Npy.read(Golden.path("synth/in_pitch.npy")).toLongArray();
    float[] pitchf = Npy.read(Golden.path("synth/in_pitchf.npy")).toFloatArray();
    assertEquals(64, phone.dim(1));
    return SynthInput.of(new SynthInput.Item(phone.toFloatArray(), 64, pitch, pitchf, 0));
  }

  static List<HostTensor> draws(String model) throws IOException {
    Path dir = Golden.path("synth/" + model);
    List<HostTensor> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("quant16_draw"))
          .sorted().toList()) {
        out.add(Npy.read(p));
      }
    }
    return out;
  }

  static double maxAbsDiff(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, "sample count");
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    return max;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny_v2_40k_f0", "tiny_v2_48k_f0", "tiny_v2_32k_f0", "tiny_v1_40k_f0",
      "tiny_v2_40k_nof0", "tiny_v2_24k_f0"})
  void givenGoldenModel_reproducesReferenceWithRecordedAndZeroDraws(String model)
      throws IOException {
    try (Synthesizer m = Synthesizer.load(Golden.path("models/" + model + ".pth"), Device.cpu(),
        DataType.FLOAT32)) {
      SynthInput in = goldenInput(m);
      float[] quant = Npy.read(Golden.path("synth/" + model + "/quant16_out.npy")).toFloatArray();
      float[] zero = Npy.read(Golden.path("synth/" + model + "/zero_out.npy")).toFloatArray();

      float[] withDraws = m.infer(root, in, NoiseSource.replay(draws(model)))[0];
      float[] withZeros = m.infer(root, in, NoiseSource.zero())[0];

      double dq = maxAbsDiff(quant, withDraws);
      double dz = maxAbsDiff(zero, withZeros);
      System.out.printf("%s: max|diff| recorded draws %.3g, zero draws %.3g%n", model, dq, dz);
      assertTrue(dq <= TOLERANCE, model + " recorded draws: max abs diff " + dq);
      assertTrue(dz <= TOLERANCE, model + " zero draws: max abs diff " + dz);
    }
  }

  @org.junit.jupiter.api.Test
  void givenTwoGoldenPrefixesInOneBatch_matchesSingleCalls() throws IOException {
    try (Synthesizer m = Synthesizer.load(Golden.path("models/tiny_v2_40k_f0.pth"), Device.cpu(),
        DataType.FLOAT32)) {
      SynthInput.Item full = goldenInput(m).items().get(0);
      int t = 41;
      SynthInput.Item prefix = new SynthInput.Item(
          java.util.Arrays.copyOf(full.phone(), t * 768), t,
          java.util.Arrays.copyOf(full.pitch(), t), java.util.Arrays.copyOf(full.pitchf(), t), 0);
      float[][] batch = m.infer(root, SynthInput.of(full, prefix), NoiseSource.zero());
      float[] single0 = m.infer(root, SynthInput.of(full), NoiseSource.zero())[0];
      float[] single1 = m.infer(root, SynthInput.of(prefix), NoiseSource.zero())[0];
      float[] zero = Npy.read(Golden.path("synth/tiny_v2_40k_f0/zero_out.npy")).toFloatArray();
      assertEquals(41 * 400, batch[1].length);
      assertTrue(maxAbsDiff(single0, batch[0]) <= 1e-6);
      assertTrue(maxAbsDiff(single1, batch[1]) <= 1e-6);
      assertTrue(maxAbsDiff(zero, batch[0]) <= TOLERANCE);
    }
  }
}
