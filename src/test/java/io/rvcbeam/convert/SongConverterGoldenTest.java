package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Npy;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.NoiseSource;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.Synthesizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole chain against the reference's full-chain goldens (golden README "Full chains"). */
class SongConverterGoldenTest {

  private static final ConversionSettings GOLDEN_SETTINGS =
      ConversionSettings.defaults().withPitch(2).withIndexRate(0.75).withProtect(0.33)
          .withRmsMixRate(0.25);

  private static ContentEncoder encoder;
  private static PitchEstimator rmvpe;

  @BeforeAll
  static void load() throws IOException {
    encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"), Device.cpu(),
        DataType.FLOAT32);
    rmvpe = PitchEstimator.load(Golden.path("models/rmvpe_tiny.pt"), Device.cpu(),
        DataType.FLOAT32);
  }

  @AfterAll
  static void close() {
    encoder.close();
    rmvpe.close();
  }

  @Test
  void shortChain_zeroNoise_matchesReference() throws IOException {
    float[] out = convert("tiny_v2_40k_f0", "inputs/test_signal_16k_mono.wav", "chain_short",
        1, false);
    assertClose(Npy.read(Golden.path("chain_short/tiny_v2_40k_f0/zero_output.npy")), out);
  }

  @Test
  void shortChain_recordedNoise_matchesReference() throws IOException {
    float[] out = convert("tiny_v2_40k_f0", "inputs/test_signal_16k_mono.wav", "chain_short",
        1, true);
    assertClose(Npy.read(Golden.path("chain_short/tiny_v2_40k_f0/quant16_output.npy")), out);
  }

  @Test
  void longChain_recordedNoise_matchesReference() throws IOException {
    float[] out = convert("tiny_v2_24k_f0", "inputs/song_16k_mono_pipeline_input.wav",
        "chain_long", 3, true);
    assertClose(Npy.read(Golden.path("chain_long/tiny_v2_24k_f0/quant16_output.npy")), out);
  }

  @Test
  void longChain_zeroNoise_matchesReference() throws IOException {
    float[] out = convert("tiny_v2_24k_f0", "inputs/song_16k_mono_pipeline_input.wav",
        "chain_long", 3, false);
    assertClose(Npy.read(Golden.path("chain_long/tiny_v2_24k_f0/zero_output.npy")), out);
  }

  private float[] convert(String model, String input, String chain, int chunks, boolean replay)
      throws IOException {
    double[] audio = AudioDecoder.decode(Golden.path(input)).downmixToMono();
    try (Synthesizer synth = Synthesizer.load(Golden.path("models/" + model + ".pth"),
            Device.cpu(), DataType.FLOAT32);
        Retrieval index = Retrieval.open(
            Golden.path("models/added_IVF5_Flat_nprobe_1_tiny_v2.index"), 768, model)) {
      VoiceConverter voice = new VoiceConverter(encoder, synth, index);
      SongConverter song = new SongConverter(rmvpe, voice, ChunkConfig.FP32, 2);
      ConversionSettings settings = GOLDEN_SETTINGS.withNoise(ConversionSettings.Noise.ZERO, 0);
      Profiler profiler = Profiler.disabled();
      SongConverter.PreparedSong prepared = song.prepare(audio, "golden", settings, profiler);
      assertEquals(chunks, prepared.chunks().size());
      List<float[]> pieces = new ArrayList<>();
      int trim = prepared.plan().trimSamples(song.sampleRate());
      for (int c = 0; c < chunks; c++) {
        VoiceConverter.ChunkInput in = prepared.chunks().get(c);
        NoiseSource noise = replay ? replayed(chain, model, c) : NoiseSource.zero();
        pieces.addAll(voice.convert(
            List.of(new VoiceConverter.ChunkInput(in.audio(), in.coarse(), in.pitchf(), noise)),
            settings, trim, profiler));
      }
      return song.finish(prepared.filtered(), pieces, settings, profiler);
    }
  }

  private static NoiseSource replayed(String chain, String model, int chunk) throws IOException {
    String dir = chain + "/" + model + "/quant16_chunk" + chunk + "_";
    List<HostTensor> draws = List.of(
        Npy.read(Golden.path(dir + "draw0_randn_like_int8_div16.npy")),
        Npy.read(Golden.path(dir + "draw1_rand.npy")),
        Npy.read(Golden.path(dir + "draw2_randn_like_int8_div16.npy")));
    return NoiseSource.replay(draws);
  }

  private static void assertClose(HostTensor expected, float[] actual) {
    float[] ref = expected.toFloatArray();
    assertEquals(ref.length, actual.length, "output length");
    double signal = 0;
    double noise = 0;
    double maxDiff = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = actual[i] - ref[i];
      signal += (double) ref[i] * ref[i];
      noise += d * d;
      maxDiff = Math.max(maxDiff, Math.abs(d));
    }
    double snr = 10 * Math.log10(signal / Math.max(noise, 1e-30));
    assertTrue(snr >= 60, "SNR " + snr + " dB (max abs diff " + maxDiff + ")");
    assertTrue(maxDiff <= 5e-4, "max abs diff " + maxDiff + " (SNR " + snr + " dB)");
  }
}
