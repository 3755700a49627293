package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.job.JobPlan;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.OutputFormat;
import io.rvcbeam.pipeline.job.VoiceModel;
import io.rvcbeam.pipeline.values.Song;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rvcbeam.components.RvcComponents;
import io.rvcbeam.Golden;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.convert.OptimizationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue with one voice of each vocoder (HiFi-GAN, MRF HiFi-GAN, RefineGAN) converting on
 * the DirectRunner with seeded noise: every song is written at its voice's rate, and a rerun
 * writes the same bytes.
 */
class VocoderCatalogueTest {

  @TempDir Path tmp;

  private static final Map<String, String> MODELS = Map.of(
      "hifigan", "tiny_v2_40k_f0.pth",
      "mrf", "tiny_v2_48k_mrf.pth",
      "refinegan", "tiny_v2_40k_refinegan.pth");
  private static final Map<String, Integer> RATES = Map.of(
      "hifigan", 40000, "mrf", 48000, "refinegan", 40000);

  @Test
  void givenOneVoicePerVocoder_directRunnerConvertsEverySongTheSameWayTwice() throws Exception {
    Map<String, VoiceModel> voices = new TreeMap<>();
    MODELS.forEach((voice, file) -> voices.put(voice, new VoiceModel(voice, model(file),
        model("added_IVF5_Flat_nprobe_1_tiny_v2.index"))));
    List<Song> songs = new ArrayList<>();
    for (String voice : MODELS.keySet()) {
      Path in = song(voice + "_song", 1.0, 44100);
      songs.add(new Song(voice + "_song", in.toString(), "", voice, null, TestCatalogue.settings()));
    }

    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    assertEquals(PipelineResult.State.DONE, run(voices, songs, first));
    assertEquals(PipelineResult.State.DONE, run(voices, songs, second));

    List<JsonNode> report = CataloguePipelineTest.jsonLines(first.resolve(WriteReport.REPORT));
    assertEquals(3, report.size());
    report.forEach(line -> assertEquals("converted", line.get("status").asText(),
        line.toString()));
    for (String voice : MODELS.keySet()) {
      Path out = first.resolve(voice + "_song.wav");
      PcmAudio audio = AudioDecoder.decode(out);
      assertEquals(RATES.get(voice), audio.sampleRate(), voice);
      assertEquals(1.0, audio.durationSeconds(), 0.03, voice); // 48 kHz: whole 10-ms frames
      double energy = 0;
      for (float v : audio.channel(0)) {
        energy += v * v;
      }
      assertTrue(energy / audio.frames() > 1e-6, voice + ": silent output");
      assertArrayEquals(Files.readAllBytes(out),
          Files.readAllBytes(second.resolve(voice + "_song.wav")), voice + ": rerun");
    }
  }

  private PipelineResult.State run(Map<String, VoiceModel> voices, List<Song> songs, Path out)
      throws Exception {
    OptimizationConfig optimization = OptimizationConfig.of(
        "cpu", false, 2, false, false, null, false, 0, new ArrayList<>());
    JobPlan plan = new JobPlan(voices, new ModelFiles(model("contentvec_tiny"),
        model("rmvpe_tiny.pt")), optimization, new OutputFormat("wav", "pcm16"), out.toString());
    List<Song> into = new ArrayList<>();
    for (Song s : songs) {
      into.add(s.withOutputUri(out.resolve(s.id() + ".wav").toString()));
    }
    return CataloguePipeline.run(plan, into, false, new RvcComponents(),
        TestCatalogue.directOptions()).waitUntilFinish();
  }

  private static String model(String name) {
    return Golden.path("models/" + name).toString();
  }

  /** A gated two-partial tone with vibrato, different per song. */
  private Path song(String id, double seconds, int rate) throws IOException {
    int n = (int) (seconds * rate);
    float[] x = new float[n];
    double f = 150 + 37 * Math.abs(id.hashCode() % 7);
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      double vibrato = 1 + 0.03 * Math.sin(2 * Math.PI * 5 * t);
      double gate = (t % 0.8) < 0.6 ? 1 : 0;
      x[i] = (float) (gate * 0.3 * (Math.sin(2 * Math.PI * f * vibrato * t)
          + 0.4 * Math.sin(4 * Math.PI * f * vibrato * t)));
    }
    Path file = Files.createDirectories(tmp.resolve("in")).resolve(id + ".wav");
    AudioEncoder.write(PcmAudio.mono(rate, x), file, AudioFormat.WAV_PCM16);
    return file;
  }
}
