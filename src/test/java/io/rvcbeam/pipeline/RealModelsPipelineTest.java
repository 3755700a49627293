package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.job.JobPlan;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.OutputFormat;
import io.rvcbeam.pipeline.job.VoiceModel;
import io.rvcbeam.pipeline.values.Song;
import org.junit.jupiter.params.provider.CsvSource;

import org.junit.jupiter.params.ParameterizedTest;

import io.rvcbeam.components.RvcComponents;
import io.rvcbeam.audio.AudioTags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import io.rvcbeam.Golden;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.convert.ToMono;
import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.convert.Profiler;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.convert.SongConverter;
import io.rvcbeam.convert.VoiceConverter;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.Synthesizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue pipeline with the real numerics ({@link RvcComponents}) and the tiny golden
 * models: batching does not change the audio, every song equals the one-song {@link
 * SongConverter} ({@code rvc-beam convert}), bad inputs become dead letters, Flink writes the
 * DirectRunner's bytes.
 */
class RealModelsPipelineTest {

  static {
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.flink", "error");
  }

  @TempDir Path tmp;

  private final Map<String, VoiceModel> voices = new TreeMap<>();
  private final List<Song> songs = new ArrayList<>();

  private void twoVoices() {
    voices.put("voice_a", new VoiceModel("voice_a", model("tiny_v2_40k_f0.pth"),
        model("added_IVF5_Flat_nprobe_1_tiny_v2.index")));
    voices.put("voice_b", new VoiceModel("voice_b", model("tiny_v2_32k_f0.pth"), null));
  }

  private static String model(String name) {
    return Golden.path("models/" + name).toString();
  }

  private Path song(String id, double seconds, int rate, int channels, String voice)
      throws IOException {
    int n = (int) (seconds * rate);
    float[][] ch = new float[channels][n];
    double f = 150 + 37 * Math.abs(id.hashCode() % 7);
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        double t = (double) i / rate;
        double vibrato = 1 + 0.03 * Math.sin(2 * Math.PI * 5 * t);
        double gate = (t % 0.8) < 0.6 ? 1 : 0;
        ch[c][i] = (float) (gate * 0.3 * (Math.sin(2 * Math.PI * f * vibrato * t)
            + 0.4 * Math.sin(4 * Math.PI * f * vibrato * t)) * (1 - 0.2 * c));
      }
    }
    Path file = Files.createDirectories(tmp.resolve("in")).resolve(id + ".wav");
    AudioEncoder.write(new PcmAudio(rate, ch), file, AudioFormat.WAV_PCM16);
    return add(id, file, voice);
  }

  private Path add(String id, Path file, String voice) {
    songs.add(new Song(id, file.toString(), "", voice, null, TestCatalogue.settings()));
    return file;
  }

  private PipelineResult.State run(Path out, int batchSize, PipelineOptions options)
      throws Exception {
    return run(out, batchSize, null, songs, options, new OutputFormat("wav", "float32"));
  }

  private PipelineResult.State run(
      Path out, int batchSize, PipelineOptions options, OutputFormat format) throws Exception {
    return run(out, batchSize, null, songs, options, format);
  }

  /** Small chunks (cut every ≈ 3 s), so seconds-long songs make several chunks of each bucket. */
  private static final ChunkConfig SMALL_CHUNKS =
      new ChunkConfig(1, 1, 3, 4);

  private PipelineResult.State run(Path out, int batchSize, ChunkConfig chunking,
      List<Song> songs, PipelineOptions options) throws Exception {
    return run(out, batchSize, chunking, songs, options, new OutputFormat("wav", "float32"));
  }

  private PipelineResult.State run(Path out, int batchSize, ChunkConfig chunking,
      List<Song> songs, PipelineOptions options, OutputFormat format) throws Exception {
    OptimizationConfig optimization = OptimizationConfig.of(
        "cpu", false, batchSize, false, false, chunking, false, 0, new ArrayList<>());
    JobPlan plan = new JobPlan(voices, new ModelFiles(model("contentvec_tiny"),
        model("rmvpe_tiny.pt")), optimization, format, out.toString());
    List<Song> into = new ArrayList<>();
    for (Song s : songs) {
      into.add(s.withOutputUri(out.resolve(s.id() + "." + format.extension()).toString()));
    }
    return CataloguePipeline.run(plan, into, false, new RvcComponents(), options)
        .waitUntilFinish();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"mp3, 44100", "ogg, 40000", "opus, 48000", "m4a, 44100"})
  void givenLossyFormat_writesItAtTheCodecsRateWithTheInputsTags_sameBytesOnRerun(
      String container, int rate) throws Exception {
    voices.put("voice_a", new VoiceModel("voice_a", model("tiny_v2_40k_f0.pth"), null));
    Path in = Files.createDirectories(tmp.resolve("in")).resolve("tagged.flac");
    float[] tone = new float[44100];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 180 * i / 44100.0));
    }
    AudioEncoder.write(PcmAudio.mono(44100, tone)
        .withTags(AudioTags.of(Map.of("title", "Tagged Song"))), in, AudioFormat.FLAC16);
    add("tagged", in, "voice_a");
    OutputFormat format = new OutputFormat(container, "pcm16", 0);

    assertEquals(PipelineResult.State.DONE,
        run(tmp.resolve("first"), 1, TestCatalogue.directOptions(), format));
    assertEquals(PipelineResult.State.DONE,
        run(tmp.resolve("second"), 1, TestCatalogue.directOptions(), format));

    Path first = tmp.resolve("first/tagged." + container);
    assertArrayEquals(Files.readAllBytes(first),
        Files.readAllBytes(tmp.resolve("second/tagged." + container)));
    PcmAudio out = AudioDecoder.decode(first);
    assertEquals(rate, out.sampleRate());
    assertEquals("Tagged Song", out.tags().asMap().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("title")).findFirst().orElseThrow().getValue());
    // 1 s in is 39,200 samples at the voice's 40 kHz (the reference's frame rounding), resampled
    // to the codec's rate; M4A and Vorbis may end on a padded last frame (under 1024 samples).
    long expected = (long) Math.ceil(39_200 * (double) rate / 40000);
    assertTrue(out.frames() >= expected && out.frames() < expected + 1024,
        container + ": " + out.frames() + " frames");
  }

  @Test
  void givenSixSongsTwoVoices_batchedEqualsUnbatchedEqualsConvert() throws Exception {
    twoVoices();
    song("a1", 2.0, 44100, 2, "voice_a");
    song("b1", 1.5, 16000, 1, "voice_b");
    song("a2", 2.5, 48000, 1, "voice_a");
    song("b2", 1.2, 22050, 2, "voice_b");
    song("a3", 1.0, 16000, 1, "voice_a");
    song("b3", 3.0, 32000, 1, "voice_b");
    Path batched = tmp.resolve("batched");
    Path single = tmp.resolve("single");

    assertEquals(PipelineResult.State.DONE, run(batched, 4, TestCatalogue.directOptions()));
    assertEquals(PipelineResult.State.DONE, run(single, 1, TestCatalogue.directOptions()));

    try (ContentEncoder encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"),
            Device.cpu(), DataType.FLOAT32);
        PitchEstimator rmvpe = PitchEstimator.load(Golden.path("models/rmvpe_tiny.pt"),
            Device.cpu(), DataType.FLOAT32)) {
      for (Song s : songs) {
        float[] a = decode(batched.resolve(s.id() + ".wav"));
        float[] b = decode(single.resolve(s.id() + ".wav"));
        // Batch 4 pads and masks (other shapes, other rounding); batch 1 is the reference's.
        assertEquals(b.length, a.length, s.id());
        assertTrue(snr(b, a) >= 60, s.id() + ": batch 4 vs batch 1 SNR " + snr(b, a));
        float[] expected = convertAlone(s, encoder, rmvpe, ChunkConfig.FP32);
        assertEquals(expected.length, a.length, s.id());
        assertTrue(snr(expected, a) >= 60, s.id() + ": pipeline vs convert SNR "
            + snr(expected, a));
      }
    }
    List<JsonNode> report = CataloguePipelineTest.jsonLines(batched.resolve(WriteReport.REPORT));
    assertEquals(6, report.size());
    report.forEach(line -> assertEquals("converted", line.get("status").asText()));
  }

  @Test
  void givenBadInputsAndHostileTruncatedAndNarrowVoices_deadLettersAndTheGoodVoicesConvert() throws Exception {
    twoVoices();
    String narrowIndex = Golden.path("bad/added_IVF2_Flat_nprobe_1_tiny_v2_d256.index").toString();
    String hostileModel = Golden.path("bad/malicious_global_os_system.pth").toString();
    String truncatedModel = Golden.path("bad/truncated_tiny_v2_40k_f0.pth").toString();
    voices.put("narrow", new VoiceModel("narrow", model("tiny_v2_40k_f0.pth"), narrowIndex));
    voices.put("hostile", new VoiceModel("hostile", hostileModel, null));
    voices.put("truncated", new VoiceModel("truncated", truncatedModel,
        model("added_IVF5_Flat_nprobe_1_tiny_v2.index")));
    song("good1", 1.5, 44100, 2, "voice_a");
    song("good2", 1.0, 16000, 1, "voice_b");
    add("corrupt", Golden.path("bad/corrupt_header_magic.wav"), "voice_a");
    add("empty", Golden.path("bad/empty_0_samples.wav"), "voice_b");
    song("narrowsong", 1.0, 16000, 1, "narrow");
    song("hostilesong", 1.0, 16000, 1, "hostile");
    song("truncatedsong", 1.0, 16000, 1, "truncated");
    add("missing", tmp.resolve("no-such-song.wav"), "voice_a");
    Path out = tmp.resolve("out");

    assertEquals(PipelineResult.State.DONE, run(out, 4, TestCatalogue.directOptions()));

    Map<String, JsonNode> letters = new TreeMap<>();
    for (JsonNode l : CataloguePipelineTest.jsonLines(out.resolve(WriteReport.DEAD_LETTERS))) {
      letters.put(l.get("songId").asText(), l);
    }
    assertEquals(List.of("corrupt", "empty", "hostilesong", "missing", "narrowsong",
        "truncatedsong"), new ArrayList<>(letters.keySet()));
    assertVoiceLetter(letters.get("hostilesong"), "hostile", hostileModel);
    assertVoiceLetter(letters.get("truncatedsong"), "truncated", truncatedModel);
    assertVoiceLetter(letters.get("narrowsong"), "narrow", narrowIndex);
    assertTrue(letters.get("corrupt").get("reason").asText().contains("corrupt_header_magic"),
        letters.get("corrupt").toString());
    assertTrue(letters.get("empty").get("reason").asText().contains("no audio samples"),
        letters.get("empty").toString());
    assertTrue(letters.get("missing").get("reason").asText().contains("no-such-song.wav"),
        letters.get("missing").toString());
    String narrow = letters.get("narrowsong").get("reason").asText();
    assertTrue(narrow.contains("256") && narrow.contains("768"), narrow);
    assertTrue(Files.exists(out.resolve("good1.wav")));
    assertTrue(Files.exists(out.resolve("good2.wav")));
  }

  /**
   * Batch 4 with several chunks per song in every bucket: Flink writes the DirectRunner's bytes,
   * and so does a run resumed after only some songs were written (its batches hold other
   * chunks); every song is within 60 dB of batch 1 and of {@code convert} at batch 1.
   */
  @Test
  void givenACatalogueAtBatchFour_flinkAndAResumedRunWriteTheSameBytes() throws Exception {
    twoVoices();
    song("f1", 7.5, 44100, 2, "voice_a");
    song("f2", 3.0, 16000, 1, "voice_b");
    song("f3", 9.0, 48000, 1, "voice_a");
    song("f4", 5.5, 22050, 1, "voice_b");
    song("f5", 6.2, 16000, 1, "voice_a");
    Path direct = tmp.resolve("direct");
    Path flink = tmp.resolve("flink");
    Path resumed = tmp.resolve("resumed");
    Path single = tmp.resolve("single");
    PipelineOptions flinkOptions = PipelineOptionsFactory.fromArgs("--runner=FlinkRunner",
        "--flinkMaster=[local]", "--parallelism=2", "--fasterCopy=true").create();

    assertEquals(PipelineResult.State.DONE,
        run(direct, 4, SMALL_CHUNKS, songs, TestCatalogue.directOptions()));
    assertEquals(PipelineResult.State.DONE, run(flink, 4, SMALL_CHUNKS, songs, flinkOptions));
    // An interrupted run that wrote two songs, then the rerun that converts the rest.
    assertEquals(PipelineResult.State.DONE, run(resumed, 4, SMALL_CHUNKS,
        List.of(songs.get(0), songs.get(3)), TestCatalogue.directOptions()));
    assertEquals(PipelineResult.State.DONE,
        run(resumed, 4, SMALL_CHUNKS, songs, TestCatalogue.directOptions()));
    assertEquals(PipelineResult.State.DONE,
        run(single, 1, SMALL_CHUNKS, songs, TestCatalogue.directOptions()));

    try (ContentEncoder encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"),
            Device.cpu(), DataType.FLOAT32);
        PitchEstimator rmvpe = PitchEstimator.load(Golden.path("models/rmvpe_tiny.pt"),
            Device.cpu(), DataType.FLOAT32)) {
      ChunkConfig chunks = new ChunkConfig(1, 1, 3, 4);
      for (Song s : songs) {
        byte[] bytes = Files.readAllBytes(direct.resolve(s.id() + ".wav"));
        assertArrayEquals(bytes, Files.readAllBytes(flink.resolve(s.id() + ".wav")),
            s.id() + ": Flink vs DirectRunner");
        assertArrayEquals(bytes, Files.readAllBytes(resumed.resolve(s.id() + ".wav")),
            s.id() + ": resumed vs uninterrupted");
        float[] four = decode(direct.resolve(s.id() + ".wav"));
        float[] one = decode(single.resolve(s.id() + ".wav"));
        float[] convert = convertAlone(s, encoder, rmvpe, chunks);
        assertEquals(one.length, four.length, s.id());
        assertEquals(convert.length, four.length, s.id());
        assertTrue(snr(one, four) >= 60, s.id() + ": batch 4 vs batch 1 SNR " + snr(one, four));
        assertTrue(snr(convert, four) >= 60,
            s.id() + ": batch 4 vs convert at batch 1 SNR " + snr(convert, four));
      }
    }
  }

  /** A dead letter of stage CheckVoices whose reason names the voice and the file. */
  private static void assertVoiceLetter(JsonNode letter, String voice, String file) {
    assertEquals("CheckVoices", letter.get("stage").asText(), letter.toString());
    assertTrue(letter.get("reason").asText().startsWith("voice '" + voice + "' cannot be used: "
        + file + ": "), letter.toString());
  }

  private float[] convertAlone(Song s, ContentEncoder encoder, PitchEstimator rmvpe,
      ChunkConfig chunks) throws Exception {
    VoiceModel voice = voices.get(s.voice());
    try (Synthesizer synth = Synthesizer.load(Path.of(voice.modelUri()), Device.cpu(),
            DataType.FLOAT32);
        Retrieval index = voice.indexUri() == null ? null
            : Retrieval.open(Path.of(voice.indexUri()), 768, voice.modelUri())) {
      SongConverter converter = new SongConverter(rmvpe,
          new VoiceConverter(encoder, synth, index), chunks, 1);
      double[] audio16k = ToMono.at16k().apply(AudioDecoder.decode(Path.of(s.inputUri())));
      return converter.convert(audio16k, s.id(), s.settings(),
          Profiler.disabled(), null);
    }
  }

  private static float[] decode(Path wav) throws IOException {
    return AudioDecoder.decode(wav).channel(0);
  }

  private static double snr(float[] reference, float[] actual) {
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
