package io.rvcbeam.pipeline.values;

import io.rvcbeam.pipeline.report.StageTimes;
import java.util.Map;

/**
 * A song's audio between decoding and chunking: 16 kHz mono samples as decoded, then, once
 * conditioned, only the high-passed song in float32 with its quiet points; the pitch once
 * estimated; and facts about the original file. What a long song costs between stages is one
 * float32 copy (a one-hour song: 230 MB), not the float64 ones of decoding and filtering.
 *
 * <p>Immutable by contract: the arrays are never written after construction (Beam's
 * immutability check is off for audio-sized runs, so nothing else enforces this).
 *
 * @param song the song
 * @param decoded16k mono samples at 16 kHz as decoded; null once conditioned
 * @param filtered16k the high-passed song, float32; null before {@code ConditionInput}
 * @param cuts the quiet points the song is cut at (unpadded samples); null before {@code
 *     ConditionInput}
 * @param f0 pitch in Hz per 10 ms frame of the padded song, or null before {@code EstimatePitch}
 * @param originalRate sample rate of the input file
 * @param originalChannels channel count of the input file
 * @param times processing time spent so far
 * @param tags the input's tags to carry to the output
 */
public record SongAudio(
    Song song,
    double[] decoded16k,
    float[] filtered16k,
    int[] cuts,
    double[] f0,
    int originalRate,
    int originalChannels,
    StageTimes times,
    Map<String, String> tags) {

  public static final int RATE = 16_000;

  public SongAudio {
    tags = tags == null ? Map.of() : tags;
    if ((decoded16k == null) == (filtered16k == null)) {
      throw new IllegalArgumentException(
          "a song's audio is either decoded or conditioned, not " + (decoded16k == null
              ? "neither" : "both"));
    }
  }

  /** A song as decoded. */
  public static SongAudio decoded(Song song, double[] samples16k, int originalRate,
      int originalChannels, StageTimes times, Map<String, String> tags) {
    return new SongAudio(
        song, samples16k, null, null, null, originalRate, originalChannels, times, tags);
  }

  /** Samples at 16 kHz, decoded or filtered. */
  public int sampleCount() {
    return decoded16k != null ? decoded16k.length : filtered16k.length;
  }

  public double inputSeconds() {
    return sampleCount() / (double) RATE;
  }

  /** The conditioned song in place of the decoded one. */
  public SongAudio withConditioned(float[] filtered, int[] quietPoints, Stage stage, long nanos) {
    return new SongAudio(song, null, filtered, quietPoints, f0, originalRate, originalChannels,
        times.plus(stage, nanos), tags);
  }

  public SongAudio withPitch(double[] newF0, Stage stage, long nanos) {
    return new SongAudio(song, decoded16k, filtered16k, cuts, newF0, originalRate,
        originalChannels, times.plus(stage, nanos), tags);
  }
}
