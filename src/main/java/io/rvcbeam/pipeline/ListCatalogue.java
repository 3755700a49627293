package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.DeadLetterCoder;
import io.rvcbeam.pipeline.coders.SongCoder;
import io.rvcbeam.pipeline.job.Catalogue;
import io.rvcbeam.pipeline.job.CatalogueSource;
import io.rvcbeam.pipeline.job.JobFileException;
import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Lists a catalogue on the workers, so that a catalogue of 100,000 songs never passes through the
 * launcher or the job graph: one worker matches the glob (or reads the manifest), the rows are
 * spread by a shuffle, and each becomes a {@code Song}.
 *
 * <p>Output ({@link #SONGS}, {@link #FAILED}): the songs, and a dead letter (stage SelectSongs)
 * for a row that names an unknown voice or holds a bad cell, and for each of several songs that
 * would write the same output. A glob that matches nothing, or a manifest that is missing,
 * unreadable or has an unknown column, fails the job with a message naming it.
 */
public final class ListCatalogue extends PTransform<PBegin, PCollectionTuple> {

  static final TupleTag<Song> SONGS = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};
  private static final TupleTag<KV<String, Song>> BY_OUTPUT = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> BAD_ROWS = new TupleTag<>() {};

  private final CatalogueSource source;
  private final Set<String> voices;

  private ListCatalogue(CatalogueSource source, Set<String> voices) {
    this.source = source;
    this.voices = new TreeSet<>(voices);
  }

  /** @param voices the job's voice names; a song naming another is a dead letter */
  public static ListCatalogue of(CatalogueSource source, Set<String> voices) {
    return new ListCatalogue(source, voices);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple songs =
        begin
            .apply("Catalogue", Create.of(source.name()))
            .apply("ListRows", ParDo.of(new ListRowsFn(source)))
            .setCoder(MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply(
                "ToSongs",
                ParDo.of(new ToSongFn(source, voices))
                    .withOutputTags(BY_OUTPUT, TupleTagList.of(BAD_ROWS)));
    // Grouping by output spreads the songs over the workers and finds clashing outputs.
    PCollectionTuple unique =
        songs
            .get(BY_OUTPUT)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SongCoder.of()))
            .apply("ByOutput", GroupByKey.create())
            .apply(
                "OneSongPerOutput",
                ParDo.of(new OneSongPerOutputFn()).withOutputTags(SONGS, TupleTagList.of(FAILED)));
    PCollection<DeadLetter> failures =
        PCollectionList.of(songs.get(BAD_ROWS).setCoder(DeadLetterCoder.of()))
            .and(unique.get(FAILED).setCoder(DeadLetterCoder.of()))
            .apply("ListFailures", Flatten.pCollections());
    return PCollectionTuple.of(SONGS, unique.get(SONGS).setCoder(SongCoder.of()))
        .and(FAILED, failures);
  }

  /** Matches the glob or reads the manifest: one row per song. */
  static final class ListRowsFn extends DoFn<String, Map<String, String>> {
    private final CatalogueSource source;

    ListRowsFn(CatalogueSource source) {
      this.source = source;
    }

    @ProcessElement
    public void process(OutputReceiver<Map<String, String>> out) {
      List<Map<String, String>> rows;
      try {
        rows = Catalogue.rows(source);
      } catch (IOException e) {
        throw new JobFileException(
            "cannot read the catalogue " + source.name() + ": " + DeadLetter.describe(e), e);
      }
      Progress.songsListed(rows.size());
      rows.forEach(out::output);
    }
  }

  static final class ToSongFn extends DoFn<Map<String, String>, KV<String, Song>> {
    private final CatalogueSource source;
    private final Set<String> voices;

    ToSongFn(CatalogueSource source, Set<String> voices) {
      this.source = source;
      this.voices = voices;
    }

    @ProcessElement
    public void process(@Element Map<String, String> row, MultiOutputReceiver out) {
      try {
        Song song = Catalogue.song(row, source);
        Catalogue.checkVoice(song, row, source, voices);
        out.get(BY_OUTPUT).output(KV.of(song.outputUri(), song));
      } catch (IllegalArgumentException e) {
        String input = row.getOrDefault("input", "");
        String id = row.getOrDefault("output", Uris.fileName(input));
        id = id.lastIndexOf('.') > 0 ? id.substring(0, id.lastIndexOf('.')) : id;
        Failures.emit(out, BAD_ROWS,
            new DeadLetter(id, input, Stage.SELECT_SONGS, e.getMessage()));
      }
    }
  }

  static final class OneSongPerOutputFn extends DoFn<KV<String, Iterable<Song>>, Song> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<Song>> output, MultiOutputReceiver out) {
      List<Song> songs = new ArrayList<>();
      output.getValue().forEach(songs::add);
      if (songs.size() == 1) {
        out.get(SONGS).output(songs.get(0));
        return;
      }
      List<String> inputs = songs.stream().map(Song::inputUri).sorted().toList();
      String reason = Catalogue.sameOutput(output.getKey(), inputs);
      for (Song song : songs) {
        Failures.emit(out, FAILED,
            new DeadLetter(song.id(), song.inputUri(), Stage.SELECT_SONGS, reason));
      }
    }
  }
}
