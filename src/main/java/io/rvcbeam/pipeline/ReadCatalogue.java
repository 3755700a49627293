package io.rvcbeam.pipeline;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Starts the graph from the listed catalogue (listed by {@link Catalogue} in {@code run()}),
 * spreads the songs over workers and skips songs whose output already exists (resume), unless
 * {@code overwrite}.
 *
 * <p>Output: the {@code Song}s to convert and a {@code SongReport} (skipped) per skipped song.
 * A failed existence check goes to a dead letter (stage ReadCatalogue).
 */
public final class ReadCatalogue extends PTransform<PBegin, CatalogueSongs> {

  static final TupleTag<Song> TO_CONVERT = new TupleTag<>() {};
  static final TupleTag<SongReport> SKIPPED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final List<Song> songs;
  private final boolean overwrite;

  private ReadCatalogue(List<Song> songs, boolean overwrite) {
    this.songs = List.copyOf(songs);
    this.overwrite = overwrite;
  }

  public static ReadCatalogue of(List<Song> songs, boolean overwrite) {
    return new ReadCatalogue(songs, overwrite);
  }

  @Override
  public CatalogueSongs expand(PBegin begin) {
    PCollectionTuple out =
        begin
            .apply("Songs", Create.of(songs).withCoder(SongCoder.of()))
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                "SkipDone",
                ParDo.of(new SkipDoneFn(overwrite))
                    .withOutputTags(TO_CONVERT, TupleTagList.of(SKIPPED).and(FAILED)));
    PCollection<Song> toConvert = out.get(TO_CONVERT).setCoder(SongCoder.of());
    PCollection<SongReport> skipped = out.get(SKIPPED).setCoder(SongReportCoder.of());
    PCollection<DeadLetter> failures = out.get(FAILED).setCoder(DeadLetterCoder.of());
    return new CatalogueSongs(
        Map.of(TO_CONVERT, toConvert, SKIPPED, skipped, FAILED, failures),
        toConvert,
        skipped,
        failures);
  }

  static final class SkipDoneFn extends DoFn<Song, Song> {
    private final Counter skippedCount = Metrics.counter(Failures.NAMESPACE, "songsSkipped");
    private final boolean overwrite;

    SkipDoneFn(boolean overwrite) {
      this.overwrite = overwrite;
    }

    @ProcessElement
    public void process(@Element Song song, MultiOutputReceiver out) {
      try {
        if (!overwrite && Uris.exists(song.outputUri())) {
          skippedCount.inc();
          Progress.songSkipped();
          out.get(SKIPPED).output(SongReport.skipped(song));
        } else {
          out.get(TO_CONVERT).output(song);
        }
      } catch (Exception e) {
        Failures.emit(out, FAILED, song, Stage.READ_CATALOGUE, e);
      }
    }
  }
}
