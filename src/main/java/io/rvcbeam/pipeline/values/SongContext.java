package io.rvcbeam.pipeline.values;

import io.rvcbeam.pipeline.report.StageTimes;
import java.util.Map;

/**
 * What {@link StitchSong} needs of a song besides its chunks: small, so the song's 16 kHz audio
 * is not shuffled a second time (a one-hour song is 460 MB of doubles at 16 kHz; its envelope a
 * few kB).
 *
 * @param song the song
 * @param inputSeconds input duration
 * @param sourceEnvelope from {@link SongStitcher#envelope}, or null when not needed
 * @param times processing time spent before stitching
 * @param tags the input's tags to carry to the output
 */
public record SongContext(
    Song song,
    double inputSeconds,
    double[] sourceEnvelope,
    StageTimes times,
    Map<String, String> tags) {

  public SongContext {
    tags = tags == null ? Map.of() : tags;
  }

  /** Without tags. */
  public SongContext(Song song, double inputSeconds, double[] sourceEnvelope, StageTimes times) {
    this(song, inputSeconds, sourceEnvelope, times, Map.of());
  }
}
