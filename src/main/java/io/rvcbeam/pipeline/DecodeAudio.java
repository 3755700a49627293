package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.AudioCoders;
import io.rvcbeam.pipeline.parts.SongDecoder;
import io.rvcbeam.pipeline.report.StageTimes;
import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.DecodedAudio;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.SongAudio;
import io.rvcbeam.pipeline.values.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads each song's file through Beam file systems and decodes it to 16 kHz mono.
 *
 * <p>Input: bounded {@code PCollection<Song>}. Output: {@code SongAudio} without pitch, and a
 * dead letter (stage DecodeAudio) for a missing file, an empty file, undecodable bytes, or a file
 * with no samples.
 */
public final class DecodeAudio extends PTransform<PCollection<Song>, StageOutput<SongAudio>> {

  static final TupleTag<SongAudio> DECODED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final SongDecoder decoder;

  private DecodeAudio(SongDecoder decoder) {
    this.decoder = decoder;
  }

  public static DecodeAudio with(SongDecoder decoder) {
    return new DecodeAudio(decoder);
  }

  @Override
  public StageOutput<SongAudio> expand(PCollection<Song> songs) {
    PCollectionTuple out =
        songs.apply(
            "Decode", ParDo.of(new DecodeFn(decoder)).withOutputTags(DECODED, TupleTagList.of(FAILED)));
    out.get(DECODED).setCoder(AudioCoders.songAudio());
    return StageOutput.of(out, DECODED, FAILED);
  }

  static final class DecodeFn extends DoFn<Song, SongAudio> {
    private final SongDecoder decoder;

    DecodeFn(SongDecoder decoder) {
      this.decoder = decoder;
    }

    @ProcessElement
    public void process(@Element Song song, MultiOutputReceiver out) {
      long start = System.nanoTime();
      try {
        DecodedAudio audio = decode(song.inputUri());
        if (audio.samples().length == 0) {
          throw new IllegalArgumentException("no audio samples decoded");
        }
        out.get(DECODED)
            .output(
                SongAudio.decoded(
                    song,
                    audio.samples(),
                    audio.originalRate(),
                    audio.originalChannels(),
                    StageTimes.none().plus(Stage.DECODE_AUDIO, System.nanoTime() - start),
                    audio.tags()));
      } catch (Exception e) {
        Failures.emit(out, FAILED, song, Stage.DECODE_AUDIO, e);
      }
    }

    /**
     * Local files go to the decoder by path; others (gs://…) are first copied to a local
     * temporary file, so a long song is never held in memory twice (encoded and decoded).
     */
    private DecodedAudio decode(String uri) throws Exception {
      boolean local = Uris.localPath(uri) != null;
      return Uris.asLocalFile(uri, file -> decodeFile(file, local ? file.toString() : uri));
    }

    private DecodedAudio decodeFile(Path file, String name) throws Exception {
      if (Files.size(file) == 0) {
        throw new IOException(name + ": file is empty (0 bytes)");
      }
      return decoder.decode(file, name, SongAudio.RATE);
    }
  }
}
