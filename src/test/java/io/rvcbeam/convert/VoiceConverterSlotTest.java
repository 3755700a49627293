package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.NoiseSource;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.Synthesizer;
import io.rvcbeam.models.random.RandomSynthWeights;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chunk's bytes at batch 4 depend only on the chunk: the same chunk in slot 0 of a call with
 * chunks A, B, C and in the last slot of a call with D, E, F (other lengths, other songs), and
 * alone in a call of empty slots, comes out byte for byte the same; and within rounding of the
 * chunk converted alone at its own length (batch 1), which is what the masks are for. Outputs
 * are compared untrimmed: without the decoder's masks the padding reaches the chunk's context
 * samples (about 40 dB from batch 1 on these models) though not the kept ones.
 */
class VoiceConverterSlotTest {

  /** Small chunks keep the tiny models quick: the longest chunk is 7 s. */
  private static final ChunkConfig SMALL_CHUNKS = new ChunkConfig(1, 1, 3, 4);

  private static ContentEncoder encoder;
  private static double[] song;

  @BeforeAll
  static void load() throws Exception {
    encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"), Device.cpu(),
        DataType.FLOAT32);
    song = AudioDecoder.decode(Golden.path("inputs/song_16k_mono_pipeline_input.wav"))
        .downmixToMono();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny_v1_40k_f0", "v1-without-pitch", "tiny_v2_40k_f0",
      "tiny_v2_40k_nof0"})
  void givenOneChunkAmongDifferentNeighbours_itsBytesDoNotChange(String model) throws Exception {
    BatchPlan plan = BatchPlan.of(SMALL_CHUNKS, 4);
    try (Synthesizer synth = load(model);
        Retrieval index = Retrieval.open(Golden.path("models/added_IVF5_Flat_nprobe_1_tiny_"
            + synth.config().version() + ".index"), synth.config().phoneDim(), model)) {
      VoiceConverter voice = new VoiceConverter(encoder, synth, index);
      // One bucket holds them all: the same call shape whatever their lengths.
      int bucket = plan.bucket(80_000);
      assertEquals(bucket, plan.bucket(62_000));
      assertEquals(bucket, plan.bucket(90_000));
      ConversionSettings settings = ConversionSettings.defaults().withIndexRate(0.5)
          .withProtect(0.33);
      // A noise source is a stream: each call gets a fresh one of x's (seed, song, chunk).
      java.util.function.Supplier<VoiceConverter.ChunkInput> x =
          () -> chunk("x", 2, 3_000, 77_777, 0);
      List<VoiceConverter.ChunkInput> first = List.of(x.get(), chunk("a", 0, 20_000, 62_000, 3),
          chunk("a", 1, 60_000, 90_000, 3), chunk("b", 4, 10_000, 71_234, -5));
      List<VoiceConverter.ChunkInput> second = List.of(chunk("d", 7, 40_000, 88_888, 7),
          chunk("e", 0, 5_000, 64_321, 0), chunk("f", 3, 90_000, 80_000, 12), x.get());
      // The neighbours' settings differ from x's too: per-chunk settings share a call.
      List<ConversionSettings> firstSettings = List.of(settings,
          settings.withIndexRate(0.0), settings.withProtect(0.5).withSid(0), settings);
      List<ConversionSettings> secondSettings = List.of(settings.withIndexRate(1.0), settings,
          settings.withProtect(0.1), settings);
      int trim = 0; // untrimmed: the padding must not reach even the context samples

      float[] inSlot0 = voice.convert(first, firstSettings, trim, plan, Profiler.disabled())
          .get(0);
      float[] inSlot3 = voice.convert(second, secondSettings, trim, plan, Profiler.disabled())
          .get(3);
      float[] aloneInBatch = voice.convert(List.of(x.get()), List.of(settings), trim, plan,
          Profiler.disabled()).get(0);
      float[] batchOfOne = voice.convert(List.of(x.get()), List.of(settings), trim,
          BatchPlan.single(), Profiler.disabled()).get(0);

      assertTrue(inSlot0.length > 0);
      assertArrayEquals(inSlot0, inSlot3, model + ": slot 0 vs slot 3");
      assertArrayEquals(inSlot0, aloneInBatch, model + ": among chunks vs alone");
      assertEquals(batchOfOne.length, inSlot0.length);
      double snr = snr(batchOfOne, inSlot0);
      assertTrue(snr >= 60, model + ": batch 4 vs batch 1 SNR " + snr + " dB");
    }
  }

  private static Synthesizer load(String model) throws Exception {
    if (!model.equals("v1-without-pitch")) {
      return Synthesizer.load(Golden.path("models/" + model + ".pth"), Device.cpu(),
          DataType.FLOAT32);
    }
    // No golden v1 model without pitch exists: the tiny v1 shape, without pitch, random weights.
    SynthConfig c;
    try (Synthesizer v1 = Synthesizer.load(Golden.path("models/tiny_v1_40k_f0.pth"),
        Device.cpu(), DataType.FLOAT32)) {
      c = v1.config();
    }
    SynthConfig plain = new SynthConfig(c.version(), false, c.interChannels(),
        c.hiddenChannels(), c.filterChannels(), c.heads(), c.layers(), c.kernel(), c.resblock(),
        c.resblockKernels(), c.resblockDilations(), c.upsampleRates(),
        c.upsampleInitialChannels(), c.upsampleKernels(), c.speakers(), c.ginChannels(),
        c.sampleRate());
    return Synthesizer.fromWeights(model, plain, RandomSynthWeights.build(plain, 7),
        Device.cpu(), DataType.FLOAT32);
  }

  /**
   * {@code length} samples of the golden song from {@code offset}, with a pitch track of its own
   * (a glide, unvoiced stretches, shifted by {@code semitones}) and the noise of (song, index).
   */
  private static VoiceConverter.ChunkInput chunk(String songId, int index, int offset,
      int length, int semitones) {
    float[] audio = new float[length];
    for (int i = 0; i < length; i++) {
      audio[i] = (float) song[(offset + i) % song.length];
    }
    int frames = length / ChunkConfig.WINDOW + 1;
    double[] f0 = new double[frames];
    for (int t = 0; t < frames; t++) {
      f0[t] = (t / 37) % 4 == 3 ? 0 : 140 + 60 * Math.sin(t * 0.013 + offset);
    }
    PitchPostProcessor.Pitch pitch = PitchPostProcessor.process(f0,
        ConversionSettings.defaults().withPitch(semitones));
    NoiseSource noise = NoiseSource.seeded(11, songId, index);
    return new VoiceConverter.ChunkInput(audio, pitch.coarse(),
        pitch.pitchfSlice(0, pitch.length()), noise);
  }

  static double snr(float[] reference, float[] actual) {
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < reference.length; i++) {
      double d = actual[i] - reference[i];
      signal += (double) reference[i] * reference[i];
      noise += d * d;
    }
    return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
  }
}
