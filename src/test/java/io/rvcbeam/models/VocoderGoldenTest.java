package io.rvcbeam.models;

import static io.rvcbeam.models.SynthesizerGoldenTest.draws;
import static io.rvcbeam.models.SynthesizerGoldenTest.goldenInput;
import static io.rvcbeam.models.SynthesizerGoldenTest.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Npy;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MRF HiFi-GAN and RefineGAN voice models against the reference's outputs
 * ({@code golden/VOCODERS.md}).
 */
class VocoderGoldenTest {

  /** Absolute tolerance on the waveform, as for the HiFi-GAN models. */
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

  @ParameterizedTest
  @CsvSource({
      "tiny_v2_32k_mrf, MRF_HIFI_GAN, 32000",
      "tiny_v2_48k_mrf, MRF_HIFI_GAN, 48000",
      "tiny_v1_40k_mrf, MRF_HIFI_GAN, 40000",
      "tiny_v2_40k_refinegan, REFINEGAN, 40000",
      "tiny_v2_48k_refinegan, REFINEGAN, 48000",
      "tiny_v1_32k_refinegan, REFINEGAN, 32000",
      "tiny_v2_40k_mrf, MRF_HIFI_GAN, 40000",
      "tiny_v1_32k_mrf, MRF_HIFI_GAN, 32000",
      "tiny_v1_48k_mrf, MRF_HIFI_GAN, 48000",
      "tiny_v2_32k_refinegan, REFINEGAN, 32000",
      "tiny_v1_40k_refinegan, REFINEGAN, 40000",
      "tiny_v1_48k_refinegan, REFINEGAN, 48000"})
  void givenVocoderModel_zeroDraws_reproducesReference(String model, Vocoder vocoder, int rate)
      throws IOException {
    try (Synthesizer m = load(model)) {
      assertEquals(vocoder, m.config().vocoder());
      assertEquals(rate, m.sampleRate());
      float[] expected = Npy.read(Golden.path("synth/" + model + "/zero_out.npy")).toFloatArray();
      float[] actual = m.infer(root, goldenInput(m), NoiseSource.zero())[0];
      double d = maxAbsDiff(expected, actual);
      System.out.printf("%s zero draws: max|diff| %.3g%n", model, d);
      assertTrue(d <= TOLERANCE, model + " zero draws: max abs diff " + d);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny_v2_32k_mrf", "tiny_v2_48k_mrf", "tiny_v2_40k_refinegan"})
  void givenVocoderModel_recordedDraws_reproducesReference(String model) throws IOException {
    try (Synthesizer m = load(model)) {
      List<HostTensor> recorded = draws(model);
      float[] expected = Npy.read(Golden.path("synth/" + model + "/quant16_out.npy"))
          .toFloatArray();
      float[] zero = Npy.read(Golden.path("synth/" + model + "/zero_out.npy")).toFloatArray();
      float[] actual = m.infer(root, goldenInput(m), NoiseSource.replay(recorded))[0];
      double d = maxAbsDiff(expected, actual);
      System.out.printf("%s recorded draws (%d): max|diff| %.3g%n", model, recorded.size(), d);
      assertTrue(maxAbsDiff(expected, zero) > 100 * TOLERANCE, "the draws must matter");
      assertTrue(d <= TOLERANCE, model + " recorded draws: max abs diff " + d);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny_v2_48k_mrf", "tiny_v2_40k_refinegan"})
  void givenGoldenItemAndAPrefixInOneBatch_matchesSingleCallsAndReference(String model)
      throws IOException {
    try (Synthesizer m = load(model)) {
      SynthInput.Item full = goldenInput(m).items().get(0);
      int t = 41;
      SynthInput.Item prefix = new SynthInput.Item(Arrays.copyOf(full.phone(), t * 768), t,
          Arrays.copyOf(full.pitch(), t), Arrays.copyOf(full.pitchf(), t), 0);
      float[][] batch = m.infer(root, SynthInput.of(full, prefix), NoiseSource.zero());
      float[] single = m.infer(root, SynthInput.of(prefix), NoiseSource.zero())[0];
      float[] zero = Npy.read(Golden.path("synth/" + model + "/zero_out.npy")).toFloatArray();
      assertEquals(t * m.hop(), batch[1].length);
      assertTrue(maxAbsDiff(single, batch[1]) <= 1e-6);
      assertTrue(maxAbsDiff(zero, batch[0]) <= TOLERANCE);
    }
  }

  private static Synthesizer load(String model) throws IOException {
    return Synthesizer.load(Golden.path("models/" + model + ".pth"), Device.cpu(),
        DataType.FLOAT32);
  }
}
