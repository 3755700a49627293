package io.rvcbeam.pipeline;

import io.rvcbeam.convert.BatchPlan;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.coders.SongReportCoder;
import io.rvcbeam.pipeline.job.CatalogueSource;
import io.rvcbeam.pipeline.job.JobFileException;
import io.rvcbeam.pipeline.job.JobPlan;
import io.rvcbeam.pipeline.job.OutputPreflight;
import io.rvcbeam.pipeline.parts.ChunkPlanner;
import io.rvcbeam.pipeline.parts.ConversionComponents;
import io.rvcbeam.pipeline.parts.ModelLoadException;
import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.report.SongReport;
import io.rvcbeam.pipeline.storage.RunLock;
import io.rvcbeam.pipeline.storage.StaleFiles;
import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.storage.WorkKey;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.SongAudio;
import io.rvcbeam.pipeline.values.SongReady;
import io.rvcbeam.pipeline.values.StitchedSong;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The catalogue job: {@link #run} proves the output location, takes its lock, removes what dead
 * runs left, checks the models, and starts the pipeline, which lists the catalogue on the
 * workers; {@link #convertSongs} builds the graph from a {@code PCollection<Song>}, so tests can
 * feed songs without I/O.
 */
public final class CataloguePipeline {

  private CataloguePipeline() {}

  /**
   * Starts the job and returns without waiting (the launcher may {@code waitUntilFinish()},
   * which gives the output location's lock back when the job ends). The catalogue is listed on
   * the workers.
   *
   * @throws OutputLocationException when the output location cannot be written or another live
   *     run holds it: nothing has been loaded then
   * @throws ModelLoadException when a shared model (embedder, pitch model) cannot be loaded:
   *     nothing has been decoded then. A voice that cannot be used sends its songs to the dead
   *     letters instead.
   */
  public static PipelineResult run(
      JobPlan plan,
      CatalogueSource catalogue,
      boolean overwrite,
      ConversionComponents components,
      PipelineOptions options)
      throws ModelLoadException, IOException {
    checkManifest(catalogue);
    return start(
        plan,
        SelectSongs.listing(ListCatalogue.of(catalogue, plan.voices().keySet()), overwrite),
        null,
        components,
        options);
  }

  /** A missing manifest fails at once, not after the job has started (one read, no listing). */
  private static void checkManifest(CatalogueSource catalogue) {
    if (catalogue.manifest() == null) {
      return;
    }
    boolean exists;
    try {
      exists = Uris.exists(catalogue.manifest());
    } catch (IOException e) {
      throw new JobFileException(
          "cannot read the manifest " + catalogue.manifest() + ": " + DeadLetter.describe(e), e);
    }
    if (!exists) {
      throw new JobFileException("the manifest " + catalogue.manifest() + " does not exist");
    }
  }

  /** As {@link #run(JobPlan, CatalogueSource, boolean, ConversionComponents, PipelineOptions)}, over songs listed already (tests, one-off tools). */
  public static PipelineResult run(
      JobPlan plan,
      List<Song> songs,
      boolean overwrite,
      ConversionComponents components,
      PipelineOptions options)
      throws ModelLoadException, IOException {
    for (Song song : songs) {
      plan.voice(song.voice());
    }
    return start(plan, SelectSongs.of(songs, overwrite), songs, components, options);
  }

  /** @param listed the catalogue's songs when the launcher has them, else null */
  private static PipelineResult start(
      JobPlan plan,
      SelectSongs read,
      List<Song> listed,
      ConversionComponents components,
      PipelineOptions options)
      throws ModelLoadException, IOException {
    // Step #1: the output location, before any model loads.
    OutputPreflight.check(plan.outputLocation());
    RunLock lock = RunLock.acquire(plan.outputLocation());
    try {
      StaleFiles.remove(plan.outputLocation(), listed);

      // Step #2: every model checked before any song is touched; a bad voice fails its songs.
      Map<String, String> unusableVoices =
          components.validator().validate(plan.models(), plan.voices().values());
      long startMillis = System.currentTimeMillis();
      Progress.reset(listed == null ? 0 : listed.size());

      // Step #3: the songs still to do.
      Pipeline pipeline = Pipeline.create(options);
      CatalogueSongs catalogue =
          pipeline.apply("SelectSongs", read.withWorkIn(plan.outputLocation()));
      StageOutput<Song> usable =
          catalogue.toConvert().apply("CheckVoices", CheckVoices.of(unusableVoices));

      // Step #4: convert them; each song's report line is durable as soon as it ends.
      PCollection<SongReport> converted = convertSongs(usable.output(), plan, components);
      PCollection<SongReport> failedEarly =
          reportFailures(
              "EarlyFailureReports",
              PCollectionList.of(catalogue.failures())
                  .and(usable.failures())
                  .apply("EarlyFailures", Flatten.pCollections()));
      PCollection<SongReport> finished =
          PCollectionList.of(converted)
              .and(failedEarly)
              .apply("FinishedSongs", Flatten.pCollections())
              .apply("FinishSongs", FinishSongs.in(plan.outputLocation()));

      // Step #5: one report over the catalogue, this run's lines merged with earlier runs'.
      PCollectionList.of(finished)
          .and(catalogue.skipped())
          .apply("AllReports", Flatten.pCollections())
          .apply("WriteReport", WriteReport.to(plan.outputLocation(), startMillis));
      return new LockedResult(pipeline.run(), lock);
    } catch (Exception | Error e) {
      lock.close();
      throw e;
    }
  }

  /**
   * The conversion graph, DecodeAudio to WriteAudio, with durable progress in the output
   * location's work folder. Each stage gets only the parts and plain values it uses, taken from
   * {@code plan} and {@code components} here.
   *
   * @return one report per input song: converted, or failed with its dead letter
   */
  public static PCollection<SongReport> convertSongs(
      PCollection<Song> songs, JobPlan plan, ConversionComponents components) {
    OptimizationConfig optimization = plan.optimization();
    WorkKey workKey = WorkKey.of(plan);
    StageOutput<SongAudio> decoded =
        songs.apply("DecodeAudio", DecodeAudio.with(components.decoder()));
    ChunkPlanner planner = components.planner(optimization);
    StageOutput<SongAudio> filtered =
        decoded
            .output()
            .apply("ConditionInput",
                ConditionInput.of(components.highPass(optimization), planner));
    StageOutput<SongAudio> pitched =
        filtered
            .output()
            .apply(
                "EstimatePitch",
                EstimatePitch.of(
                    components.pitchTracker(plan.models(), optimization), plan.worker()));
    ChunkedSongs chunked =
        pitched
            .output()
            .apply(
                "SplitIntoChunks",
                SplitIntoChunks.of(
                    planner,
                    components.stitcher(),
                    workKey,
                    plan.outputLocation()));
    StageOutput<SongReady> converted =
        chunked
            .chunks()
            .apply(
                "ConvertChunks",
                ConvertChunks.of(
                    BatchPlan.of(optimization.chunking(), optimization.batchSize()),
                    plan.voices(),
                    components.chunkConverters(plan.models(), optimization),
                    workKey,
                    plan.outputLocation(),
                    plan.worker()));
    StageOutput<StitchedSong> stitched =
        PCollectionList.of(chunked.ready())
            .and(converted.output())
            .apply("ReadySongs", Flatten.pCollections())
            .apply(
                "StitchSong",
                StitchSong.of(components.stitcher(), components.decoder(), plan.outputLocation()));
    StageOutput<SongReport> written =
        stitched
            .output()
            .apply(
                "WriteAudio",
                WriteAudio.with(components.writer(), plan.format(), optimization.profiling()));

    PCollection<DeadLetter> failures =
        PCollectionList.of(decoded.failures())
            .and(filtered.failures())
            .and(pitched.failures())
            .and(chunked.failures())
            .and(converted.failures())
            .and(stitched.failures())
            .and(written.failures())
            .apply("AllFailures", Flatten.pCollections());
    return PCollectionList.of(written.output())
        .and(reportFailures("FailureReports", failures))
        .apply("SongReports", Flatten.pCollections());
  }

  private static PCollection<SongReport> reportFailures(
      String name, PCollection<DeadLetter> failures) {
    return failures
        .apply(name, MapElements.into(TypeDescriptor.of(SongReport.class)).via(SongReport::failed))
        .setCoder(SongReportCoder.of());
  }

}
