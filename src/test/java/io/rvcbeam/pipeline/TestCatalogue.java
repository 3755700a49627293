package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.job.JobPlan;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.OutputFormat;
import io.rvcbeam.pipeline.job.VoiceModel;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.OptimizationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** A catalogue on disk for pipeline tests: fake songs, fake model files, a plan. */
public final class TestCatalogue {

  final Path root;
  final Path songs;
  final Path models;
  final Map<String, VoiceModel> voices = new TreeMap<>();
  final List<Song> catalogue = new ArrayList<>();

  TestCatalogue(Path root) throws IOException {
    this.root = root;
    this.songs = Files.createDirectories(root.resolve("songs"));
    this.models = Files.createDirectories(root.resolve("models"));
    Files.writeString(models.resolve("contentvec.txt"), "width=768\n");
    Files.writeString(models.resolve("rmvpe.txt"), "kind=rmvpe\n");
    voice("voice_a", "rate=32000\ngain=0.5\n", "width=768\n");
    voice("voice_b", "rate=48000\ngain=0.8\n", "width=768\n");
  }

  TestCatalogue voice(String name, String model, String index) throws IOException {
    Path modelFile = Files.writeString(models.resolve(name + ".pth.txt"), model);
    Path indexFile =
        index == null ? null : Files.writeString(models.resolve(name + ".index.txt"), index);
    voices.put(
        name,
        new VoiceModel(name, modelFile.toString(), indexFile == null ? null : indexFile.toString()));
    return this;
  }

  /** Adds a generated song converted with {@code voice}. */
  TestCatalogue song(String id, double seconds, int rate, int channels, String voice)
      throws IOException {
    Path file = FakeAudioFile.writeSong(songs.resolve(id + ".fake"), seconds, rate, channels,
        id.hashCode());
    return song(id, file, voice);
  }

  /** Adds a song whose input is {@code file} (which may be bad or missing). */
  TestCatalogue song(String id, Path file, String voice) {
    catalogue.add(new Song(id, file.toString(), "", voice, null, TestCatalogue.settings()));
    return this;
  }

  /** The test songs' settings: the defaults with seed 7. */
  public static ConversionSettings settings() {
    return ConversionSettings.defaults().withNoise(ConversionSettings.Noise.SEEDED, 7);
  }

  /** The songs with outputs under {@code out}. */
  List<Song> songsInto(Path out) {
    List<Song> result = new ArrayList<>();
    for (Song song : catalogue) {
      result.add(
          song.withOutputUri(out.resolve(song.id() + ".wav").toString()));
    }
    return result;
  }

  JobPlan plan(Path out, int batchSize) {
    OptimizationConfig optimization =
        OptimizationConfig.of("cpu", false, batchSize, false, false, null, true, 0, new ArrayList<>());
    return new JobPlan(
        voices,
        new ModelFiles(
            models.resolve("contentvec.txt").toString(), models.resolve("rmvpe.txt").toString()),
        optimization,
        new OutputFormat("wav", "pcm16"),
        out.toString());
  }

  /** Converts the catalogue into {@code out} on the DirectRunner, checks left on. */
  PipelineResult.State convert(Path out, int batchSize, boolean overwrite) throws Exception {
    return convert(out, batchSize, overwrite, directOptions());
  }

  PipelineResult.State convert(Path out, int batchSize, boolean overwrite, PipelineOptions options)
      throws Exception {
    return CataloguePipeline.run(
            plan(out, batchSize), songsInto(out), overwrite, new FakeComponents(), options)
        .waitUntilFinish();
  }

  static PipelineOptions directOptions() {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setTargetParallelism(2);
    options.setBlockOnRun(true);
    return options;
  }
}
