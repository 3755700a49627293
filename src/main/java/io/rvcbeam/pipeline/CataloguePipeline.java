package io.rvcbeam.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The catalogue job: {@link #run} proves the output location, takes its lock, removes what dead
 * runs left, checks the models, and starts the pipeline; {@link #convertSongs} builds the graph
 * from a {@code PCollection<Song>}, so tests can feed songs without I/O.
 */
public final class CataloguePipeline {

  private CataloguePipeline() {}

  /**
   * Starts the job and returns without waiting (the launcher may {@code waitUntilFinish()},
   * which gives the output location's lock back when the job ends).
   *
   * @throws OutputLocationException when the output location cannot be written or another live
   *     run holds it: nothing has been loaded then
   * @throws ModelLoadException when a shared model (embedder, pitch model) cannot be loaded:
   *     nothing has been decoded then. A voice that cannot be used sends its songs to the dead
   *     letters instead.
   */
  public static PipelineResult run(
      JobPlan plan,
      List<Song> songs,
      boolean overwrite,
      ConversionComponents components,
      PipelineOptions options)
      throws ModelLoadException, IOException {
    for (Song song : songs) {
      plan.voice(song.settings().voice());
    }
    // Step #1: the output location, before any model loads.
    OutputPreflight.check(plan.outputLocation());
    RunLock lock = RunLock.acquire(plan.outputLocation());
    try {
      StaleFiles.remove(plan.outputLocation(), songs);

      // Step #2: every model checked before any song is touched.
      Map<String, String> unusableVoices =
          components.validator().validate(plan.models(), plan.voices().values());
      List<Song> usable = new ArrayList<>();
      List<DeadLetter> unusable = new ArrayList<>();
      for (Song song : songs) {
        String reason = unusableVoices.get(song.settings().voice());
        if (reason == null || (!overwrite && Uris.exists(song.outputUri()))) {
          usable.add(song);
        } else {
          unusable.add(new DeadLetter(song.id(), song.inputUri(), Stage.CHECK_VOICES, reason));
        }
      }
      long startMillis = System.currentTimeMillis();
      Progress.reset(songs.size());

      // Step #3: the songs still to do.
      Pipeline pipeline = Pipeline.create(options);
      CatalogueSongs catalogue =
          pipeline.apply("ReadCatalogue", ReadCatalogue.of(usable, overwrite));

      // Step #4: convert them; each song's report line is durable as soon as it ends.
      PCollection<SongReport> converted = convertSongs(catalogue.toConvert(), plan, components);
      PCollection<SongReport> voiceFailures =
          reportFailures(
              "UnusableVoiceReports",
              pipeline
                  .apply("UnusableVoices", Create.of(unusable).withCoder(DeadLetterCoder.of()))
                  .apply("CountUnusable", ParDo.of(new CountFn())));
      PCollection<SongReport> failedToRead = reportFailures("ReadCatalogueFailures",
          catalogue.failures());
      PCollection<SongReport> finished =
          PCollectionList.of(converted)
              .and(voiceFailures)
              .and(failedToRead)
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
   * location's work folder.
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
                EstimatePitch.with(components, plan.models(), plan.optimization()));
    ChunkedSongs chunked =
        pitched.output().apply("SplitIntoChunks", SplitIntoChunks.with(components, plan));
    StageOutput<SongReady> converted =
        chunked.chunks().apply("ConvertChunks", ConvertChunks.with(components, plan));
    StageOutput<StitchedSong> stitched =
        PCollectionList.of(chunked.ready())
            .and(converted.output())
            .apply("ReadySongs", Flatten.pCollections())
            .apply("StitchSong", StitchSong.with(components, plan.outputLocation()));
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

  /** Counts dead letters made before the graph (unusable voices) like the stages' own. */
  static final class CountFn extends DoFn<DeadLetter, DeadLetter> {
    @ProcessElement
    public void process(@Element DeadLetter letter, OutputReceiver<DeadLetter> out) {
      Failures.count(letter);
      out.output(letter);
    }
  }
}
