package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.DeadLetterCoder;
import io.rvcbeam.pipeline.coders.SongCoder;
import io.rvcbeam.pipeline.coders.SongReportCoder;
import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.report.SongReport;
import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.storage.WorkFolder;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.Stage;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Starts the graph from the catalogue, listed on the workers ({@link ListCatalogue}) or given as
 * songs, spreads the songs over workers and skips songs whose output already exists (resume),
 * unless {@code overwrite}.
 *
 * <p>Output: the {@code Song}s to convert and a {@code SongReport} (skipped) per skipped song.
 * A bad catalogue row and a failed existence check go to a dead letter (stage SelectSongs).
 */
public final class SelectSongs extends PTransform<PBegin, CatalogueSongs> {

  static final TupleTag<Song> TO_CONVERT = new TupleTag<>() {};
  static final TupleTag<SongReport> SKIPPED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final List<Song> songs;
  private final ListCatalogue listing;
  private final boolean overwrite;
  private final WorkFolder work;

  private SelectSongs(
      List<Song> songs, ListCatalogue listing, boolean overwrite, WorkFolder work) {
    this.songs = songs == null ? null : List.copyOf(songs);
    this.listing = listing;
    this.overwrite = overwrite;
    this.work = work;
  }

  /** Songs listed already (tests, one-off tools): they travel in the job graph. */
  public static SelectSongs of(List<Song> songs, boolean overwrite) {
    return new SelectSongs(songs, null, overwrite, null);
  }

  /** A catalogue listed on the workers. */
  public static SelectSongs listing(ListCatalogue listing, boolean overwrite) {
    return new SelectSongs(null, listing, overwrite, null);
  }

  /**
   * Also removes the work files of songs skipped because their output exists (a run killed
   * between writing a song and removing its work files leaves them).
   */
  SelectSongs withWorkIn(String outputLocation) {
    return new SelectSongs(songs, listing, overwrite, new WorkFolder(outputLocation));
  }

  @Override
  public CatalogueSongs expand(PBegin begin) {
    PCollection<Song> all;
    PCollection<DeadLetter> badRows;
    if (listing != null) {
      PCollectionTuple listed = begin.apply("List", listing);
      all = listed.get(ListCatalogue.SONGS);
      badRows = listed.get(ListCatalogue.FAILED);
    } else {
      all = begin.apply("Songs", Create.of(songs).withCoder(SongCoder.of()));
      badRows = null;
    }
    PCollectionTuple out =
        all
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                "SkipDone",
                ParDo.of(new SkipDoneFn(overwrite, work))
                    .withOutputTags(TO_CONVERT, TupleTagList.of(SKIPPED).and(FAILED)));
    PCollection<Song> toConvert = out.get(TO_CONVERT).setCoder(SongCoder.of());
    PCollection<SongReport> skipped = out.get(SKIPPED).setCoder(SongReportCoder.of());
    PCollection<DeadLetter> failures = out.get(FAILED).setCoder(DeadLetterCoder.of());
    if (badRows != null) {
      failures =
          PCollectionList.of(badRows).and(failures).apply("AllFailures", Flatten.pCollections());
    }
    return new CatalogueSongs(
        Map.of(TO_CONVERT, toConvert, SKIPPED, skipped, FAILED, failures),
        toConvert,
        skipped,
        failures);
  }

  static final class SkipDoneFn extends DoFn<Song, Song> {
    private final Counter skippedCount = Metrics.counter(Failures.NAMESPACE, "songsSkipped");
    private final boolean overwrite;
    private final WorkFolder work;

    SkipDoneFn(boolean overwrite, WorkFolder work) {
      this.overwrite = overwrite;
      this.work = work;
    }

    @ProcessElement
    public void process(@Element Song song, MultiOutputReceiver out) {
      try {
        if (!overwrite && Uris.exists(song.outputUri())) {
          skippedCount.inc();
          Progress.songSkipped();
          if (work != null) {
            work.deleteSong(song.id());
          }
          out.get(SKIPPED).output(SongReport.skipped(song));
        } else {
          out.get(TO_CONVERT).output(song);
        }
      } catch (Exception e) {
        Failures.emit(out, FAILED, song, Stage.SELECT_SONGS, e);
      }
    }
  }
}
