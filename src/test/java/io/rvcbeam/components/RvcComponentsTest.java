package io.rvcbeam.components;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.audio.PeakLimiter;
import io.rvcbeam.audio.VolumeEnvelopeMix;
import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.ChunkPlan;
import io.rvcbeam.nn.ReflectPad;
import io.rvcbeam.convert.bench.SyntheticSong;
import io.rvcbeam.pipeline.parts.AudioWriter;
import io.rvcbeam.pipeline.parts.ExactFilteredAudio;
import io.rvcbeam.pipeline.parts.FilteredAudio;
import io.rvcbeam.pipeline.values.ChunkSlice;
import io.rvcbeam.pipeline.values.DecodedAudio;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.parts.ModelLoadException;
import io.rvcbeam.pipeline.job.OutputFormat;
import io.rvcbeam.pipeline.parts.SongStitcher;
import io.rvcbeam.pipeline.values.StitchInput;
import io.rvcbeam.pipeline.job.VoiceModel;
import java.util.Arrays;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RvcComponentsTest {

  @TempDir Path tmp;

  private static float[] tone(int n, int rate, double freq, double amp) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (amp * Math.sin(2 * Math.PI * freq * i / rate) * (1 + 0.5 * Math.sin(i * 1e-4)));
    }
    return x;
  }

  @Test
  void decodeFilterAndWrite_useTheAudioPackage() throws Exception {
    RvcComponents c = new RvcComponents();
    float[] left = tone(44100, 44100, 220, 0.5);
    byte[] wav =
        AudioEncoder.encode(new PcmAudio(44100, new float[][] {left, left}), AudioFormat.WAV_PCM16,
            "in.wav");

    DecodedAudio decoded = c.decoder().decode(wav, "in.wav", 16000);
    DecodedAudio fromFile = c.decoder().decode(Files.write(tmp.resolve("in.wav"), wav), 16000);
    assertArrayEquals(decoded.samples(), fromFile.samples());
    float[] filtered = c.highPass(null).apply(decoded.samples()).samples();
    byte[] flac =
        c.writer().encode(tone(32000, 32000, 330, 0.3), 32000, new OutputFormat("flac", "pcm16"));

    assertEquals(44100, decoded.originalRate());
    assertEquals(2, decoded.originalChannels());
    assertEquals(16000, decoded.samples().length, 2);
    assertEquals(decoded.samples().length, filtered.length);
    assertEquals("fLaC", new String(flac, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void streamedWrite_givesTheEncodedBytes() throws Exception {
    AudioWriter writer = new RvcComponents().writer();
    float[] audio = tone(40000, 40000, 330, 1.2); // clips: quantisation at the edges too
    for (OutputFormat format :
        List.of(new OutputFormat("wav", "pcm16"), new OutputFormat("wav", "float32"),
            new OutputFormat("flac", "pcm24"))) {
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();

      writer.write(audio, 40000, format, streamed);

      assertArrayEquals(writer.encode(audio, 40000, format), streamed.toByteArray(),
          format.toString());
    }
  }

  @Test
  void lossyFormats_carryTheInputTagsAndRepeatTheirBytes() throws Exception {
    RvcComponents c = new RvcComponents();
    float[] left = tone(44100, 44100, 220, 0.5);
    Map<String, String> inputTags = new LinkedHashMap<>();
    inputTags.put("title", "Ballad");
    inputTags.put("artist", "Singer");
    inputTags.put("encoder", "some encoder");
    Path input = tmp.resolve("in.flac");
    AudioEncoder.write(
        PcmAudio.mono(44100, left).withTags(AudioTags.of(inputTags)), input, AudioFormat.FLAC16);
    DecodedAudio decoded = c.decoder().decode(input, 16000);
    assertEquals(Map.of("title", "Ballad", "artist", "Singer"), lowerKeys(decoded.tags()));
    float[] voice = tone(40000, 40000, 330, 0.5);
    for (String container : List.of("mp3", "ogg", "opus", "m4a")) {
      OutputFormat format = new OutputFormat(container, "pcm16", 96);
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      ByteArrayOutputStream second = new ByteArrayOutputStream();

      c.writer().write(voice, 40000, decoded.tags(), format, first);
      c.writer().write(voice, 40000, decoded.tags(), format, second);
      Path file = Files.write(tmp.resolve("out." + container), first.toByteArray());
      DecodedAudio back = c.decoder().decode(file, 16000);

      assertArrayEquals(first.toByteArray(), second.toByteArray(), container);
      assertEquals(Map.of("title", "Ballad", "artist", "Singer"), lowerKeys(back.tags()),
          container);
      assertEquals(container.equals("opus") ? 48000 : container.equals("ogg") ? 40000 : 44100,
          back.originalRate(), container);
    }
  }

  private static Map<String, String> lowerKeys(Map<String, String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return out;
  }

  @Test
  void chunksAndPitchInput_equalSlicesOfTheReflectPaddedSong() throws Exception {
    double[] song = SyntheticSong.generate(100, 3); // 100 s: three chunks at FP32
    ChunkPlan plan = ChunkPlan.of(song, ChunkConfig.FP32);
    double[] padded = plan.pad(song);
    double[] f0 = new double[plan.pitchLength() + 1];
    for (int i = 0; i < f0.length; i++) {
      f0[i] = 100 + i;
    }

    QuietPointPlanner planner = new QuietPointPlanner(ChunkConfig.FP32);
    FilteredAudio filtered = new ExactFilteredAudio(song);
    int[] cuts = planner.cuts(filtered);
    List<ChunkSlice> slices = planner.split(filtered.samples(), cuts, f0);

    assertArrayEquals(plan.cuts(), cuts);
    assertEquals(3, slices.size());
    for (int i = 0; i < slices.size(); i++) {
      ChunkPlan.Chunk c = plan.chunks().get(i);
      assertArrayEquals(c.samples(padded), slices.get(i).samples(), "chunk " + i);
      assertArrayEquals(Arrays.copyOfRange(f0, c.pitchStart(), c.pitchEnd()),
          slices.get(i).f0(), "pitch of chunk " + i);
    }
  }

  @Test
  void stitcherEnvelopeMix_equalsTheAudioPackagesMixOnTheWholeSource() throws Exception {
    SongStitcher stitcher = new RvcComponents().stitcher();
    float[] source = tone(3 * 16000, 16000, 200, 0.4);
    double[] wide = new double[source.length];
    for (int i = 0; i < source.length; i++) {
      source[i] *= i < 16000 ? 0.2f : 1f;
      wide[i] = source[i];
    }
    float[] a = tone(50000, 40000, 300, 0.3);
    float[] b = tone(70000, 40000, 310, 0.3);
    ConversionSettings settings = ConversionSettings.defaults().withRmsMixRate(0.25);
    float[] whole = new float[a.length + b.length];
    System.arraycopy(a, 0, whole, 0, a.length);
    System.arraycopy(b, 0, whole, a.length, b.length);

    float[] stitched =
        stitcher.stitch(new StitchInput(whole.clone(), 40000,
            stitcher.envelope(source, settings), settings, null));

    float[] expected = VolumeEnvelopeMix.apply(wide, 16000, whole, 40000, 0.25);
    assertArrayEquals(expected, stitched, 1e-6f);
  }

  /**
   * A stereo 44.1 kHz stem streamed into the stitch gives the bytes of the whole-array mix: the
   * stem decoded at the voice's rate, under the limited vocal with the song's gains, silence
   * after the stem's end, limited again.
   */
  @Test
  void stitcherStemMix_streamedFromTheFile_equalsMixingTheWholeDecodedStem() throws Exception {
    RvcComponents c = new RvcComponents();
    Path stemFile = tmp.resolve("stem.flac");
    AudioEncoder.write(new PcmAudio(44100, new float[][] {tone(88200, 44100, 110, 0.6),
        tone(88200, 44100, 165, 0.6)}), stemFile, AudioFormat.FLAC16);
    float[] song = tone(3 * 40000, 40000, 300, 0.9); // longer than the stem
    ConversionSettings settings = ConversionSettings.defaults().withGains(0.9, 0.7);

    float[] mixed = c.stitcher().stitch(new StitchInput(song.clone(), 40000, null, settings,
        samples -> c.decoder().stream(stemFile, "stem.flac", 40000, samples)));

    double[] stem = c.decoder().decode(stemFile, 40000).samples();
    assertEquals(80000, stem.length);
    float[] vocal = c.stitcher().stitch(new StitchInput(song.clone(), 40000, null, settings, null));
    float[] expected = new float[vocal.length];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) (0.9 * vocal[i] + 0.7 * (i < stem.length ? stem[i] : 0));
    }
    assertArrayEquals(PeakLimiter.limit(expected, PeakLimiter.OUTPUT_CEILING), mixed);
  }

  @Test
  void givenEmbedderOtherThanTheVoiceWasTrainedWith_theVoiceIsUnusableNamingBoth()
      throws Exception {
    String korean = Golden.path("embedders/korean_hubert_base").toString();
    String voice = Golden.path("models/tiny_v2_40k_f0.pth").toString();
    ModelFiles shared = new ModelFiles(korean, Golden.path("models/rmvpe_tiny.pt").toString());

    // A voice that does not fit the shared models fails its own songs, not the job.
    Map<String, String> unusable = new RvcComponents().validator().validate(shared,
        List.of(new VoiceModel("v", voice, null)));

    assertEquals(Map.of("v", "voice 'v' cannot be used: " + voice + " was trained with the 'contentvec' embedder but the embedder given (" + korean
        + ") is 'korean-hubert-base'"), unusable);
  }

  @Test
  void givenAFileThatIsNoCheckpoint_validatorStopsTheJobNamingIt() throws Exception {
    Path f = Files.writeString(tmp.resolve("m"), "x");
    ModelFiles shared = new ModelFiles(f.toString(), f.toString());
    ModelLoadException e =
        assertThrows(ModelLoadException.class,
            () -> new RvcComponents().validator().validate(shared,
                List.of(new VoiceModel("v", f.toString(), null))));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("unknown format"),
        e.getMessage());
  }
}
