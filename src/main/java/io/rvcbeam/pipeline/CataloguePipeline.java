package io.rvcbeam.pipeline;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The catalogue job: {@link #run} checks the models and starts the pipeline, which lists the
 * catalogue on the workers; {@link #convertSongs} builds the graph from a {@code PCollection<Song>}, so tests can
 * feed songs without I/O.
 */
public final class CataloguePipeline {

  private CataloguePipeline() {}

  /**
   * Starts the job and returns without waiting (the launcher may {@code waitUntilFinish()}). The
   * catalogue is listed on the workers.
   *
   * @throws ModelLoadException when a model or index of the job cannot be loaded: nothing has
   *     been decoded then
   */
  public static PipelineResult run(
      JobPlan plan,
      CatalogueSource catalogue,
      boolean overwrite,
      ConversionComponents components,
      PipelineOptions options)
      throws ModelLoadException {
    checkManifest(catalogue);
    components.validator().validate(plan.models(), plan.voices().values());
    Progress.reset(0);
    return run(
        plan,
        ReadCatalogue.listing(ListCatalogue.of(catalogue, plan.voices().keySet()), overwrite),
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

  /**
   * Starts the job over songs listed already (tests, one-off tools), returning without waiting.
   *
   * @throws ModelLoadException when a model or index of the job cannot be loaded: nothing has
   *     been decoded then
   */
  public static PipelineResult run(
      JobPlan plan,
      List<Song> songs,
      boolean overwrite,
      ConversionComponents components,
      PipelineOptions options)
      throws ModelLoadException {
    components.validator().validate(plan.models(), plan.voices().values());
    for (Song song : songs) {
      plan.voice(song.settings().voice());
    }
    Progress.reset(songs.size());
    return run(plan, ReadCatalogue.of(songs, overwrite), components, options);
  }

  private static PipelineResult run(
      JobPlan plan,
      ReadCatalogue read,
      ConversionComponents components,
      PipelineOptions options) {
    // Step #1 (by the callers): every model must load before any song is touched.
    long startMillis = System.currentTimeMillis();

    // Step #2: the songs still to do.
    Pipeline pipeline = Pipeline.create(options);
    CatalogueSongs catalogue = pipeline.apply("ReadCatalogue", read);

    // Step #3: convert them.
    PCollection<SongReport> converted = convertSongs(catalogue.toConvert(), plan, components);

    // Step #4: one report over converted, skipped and failed songs.
    PCollection<SongReport> failedToRead = reportFailures("ReadCatalogueFailures",
        catalogue.failures());
    PCollectionList.of(converted)
        .and(catalogue.skipped())
        .and(failedToRead)
        .apply("AllReports", Flatten.pCollections())
        .apply("WriteReport", WriteReport.to(plan.outputLocation(), startMillis));
    return pipeline.run();
  }

  /**
   * The conversion graph, DecodeAudio to WriteAudio.
   *
   * @return one report per input song: converted, or failed with its dead letter
   */
  public static PCollection<SongReport> convertSongs(
      PCollection<Song> songs, JobPlan plan, ConversionComponents components) {
    StageOutput<SongAudio> decoded = songs.apply("DecodeAudio", DecodeAudio.with(components.decoder()));
    StageOutput<SongAudio> filtered =
        decoded.output().apply("HighPass", HighPass.with(components, plan.optimization()));
    StageOutput<SongAudio> pitched =
        filtered
            .output()
            .apply(
                "EstimatePitch",
                EstimatePitch.with(components, plan.models(), plan.optimization(), plan.worker()));
    ChunkedSongs chunked =
        pitched
            .output()
            .apply("SplitIntoChunks", SplitIntoChunks.with(components, plan.optimization()));
    PCollection<KV<String, ConvertedChunk>> converted =
        chunked.chunks().apply("ConvertChunks", ConvertChunks.with(components, plan));
    StageOutput<StitchedSong> stitched =
        StitchSong.inputs(chunked.contexts(), converted)
            .apply("StitchSong", StitchSong.with(components));
    StageOutput<SongReport> written =
        stitched
            .output()
            .apply(
                "WriteAudio",
                WriteAudio.with(
                    components.writer(), plan.format(), plan.optimization().profiling()));

    PCollection<DeadLetter> failures =
        PCollectionList.of(decoded.failures())
            .and(filtered.failures())
            .and(pitched.failures())
            .and(chunked.failures())
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
