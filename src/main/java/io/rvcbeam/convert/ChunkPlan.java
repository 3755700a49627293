package io.rvcbeam.convert;

import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.audio.HighPassedSong;
import io.rvcbeam.nn.ReflectPad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the reference cuts one song into chunks (docs/algorithm.md §3.2–§3.3): quiet points near every
 * {@code t_center} samples of the high-passed 16 kHz song, reflect padding by {@code t_pad} on
 * both sides, and per chunk its slice of the padded audio and of the song's pitch frames.
 *
 * <p>All positions are in samples (16 kHz) or pitch frames (160 samples) of the padded song
 * ({@code audio_pad}, length {@code N + 2·t_pad}). The quiet-point score is URVC/Applio's
 * |signed 160-sample box sum|, summed in the reference's order so that ties and near-ties pick
 * the same sample.
 */
public final class ChunkPlan {

  /**
   * One chunk: padded samples {@code [padStart, padEnd)} and pitch frames {@code [pitchStart,
   * pitchEnd)} of the whole padded song's pitch.
   */
  public record Chunk(int index, int padStart, int padEnd, int pitchStart, int pitchEnd) {

    /** Input samples of this chunk. */
    public int length() {
      return padEnd - padStart;
    }

    /** Length of the pitch slice handed to the chunk (at least {@link #synthFrames()}). */
    public int pitchFrames() {
      return pitchEnd - pitchStart;
    }

    /** Content-encoder frames the chunk yields ({@code T_h}). */
    public int contentFrames() {
      return FeatureUpsampler.contentFrames(length());
    }

    /** Synthesizer frames ({@code p_len = 2·T_h}). */
    public int synthFrames() {
      return FeatureUpsampler.synthFrames(length());
    }

    /**
     * This chunk's input samples read from the unpadded float32 song through the reflect padding
     * of {@code pad} samples: {@link #samples(double[])} without a padded copy.
     */
    public float[] samples(float[] song, int pad) {
      int n = song.length;
      float[] out = new float[length()];
      long first = (long) padStart - pad;
      for (int i = 0; i < out.length; i++) {
        long k = first + i;
        out[i] = song[k >= 0 && k < n ? (int) k : (int) ReflectPad.sourceIndex(k, n)];
      }
      return out;
    }

    /** This chunk's input samples from the padded song, as float32 (what the encoder gets). */
    public float[] samples(double[] padded) {
      if (padded.length < padEnd) {
        throw new IllegalArgumentException(
            "padded song has " + padded.length + " samples, chunk ends at " + padEnd);
      }
      float[] out = new float[length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) padded[padStart + i];
      }
      return out;
    }
  }

  private final ChunkConfig config;
  private final int sampleCount;
  private final int[] cuts;
  private final List<Chunk> chunks;

  private ChunkPlan(ChunkConfig config, int sampleCount, int[] cuts) {
    this.config = config;
    this.sampleCount = sampleCount;
    this.cuts = cuts;
    this.chunks = List.copyOf(buildChunks());
  }

  /**
   * Plans the chunks of a song.
   *
   * @param filtered the high-passed 16 kHz song (unpadded), as the reference holds it (float64)
   */
  public static ChunkPlan of(double[] filtered, ChunkConfig config) {
    if (filtered.length == 0) {
      throw new IllegalArgumentException("cannot plan chunks of an empty song");
    }
    return new ChunkPlan(config, filtered.length, quietPoints(filtered, config));
  }

  /**
   * Plans the chunks of a song held as float32: the cuts are found on its exact float64 values,
   * read a query region at a time, so they are those of {@link #of(double[], ChunkConfig)}.
   */
  public static ChunkPlan of(HighPassedSong filtered, ChunkConfig config) {
    return new ChunkPlan(config, filtered.length(),
        cuts(filtered.length(), filtered::readExact, config));
  }

  /**
   * Plans the chunks of a song of {@code sampleCount} samples at cuts found before ({@link
   * #cuts}): the plan {@code of} the song would make.
   */
  public static ChunkPlan withCuts(int sampleCount, int[] cuts, ChunkConfig config) {
    if (sampleCount <= 0) {
      throw new IllegalArgumentException("cannot plan chunks of an empty song");
    }
    for (int i = 0; i < cuts.length; i++) {
      if (cuts[i] < 0 || cuts[i] >= sampleCount || (i > 0 && cuts[i] <= cuts[i - 1])) {
        throw new IllegalArgumentException("cuts must ascend within the song's "
            + sampleCount + " samples, got " + Arrays.toString(cuts));
      }
    }
    return new ChunkPlan(config, sampleCount, cuts.clone());
  }

  /** Exact float64 samples {@code [from, to)} of the song into {@code out[0, to − from)}. */
  public interface ExactSamples {
    void read(int from, int to, double[] out);
  }

  static int[] quietPoints(double[] x, ChunkConfig config) {
    return cuts(x.length, (from, to, out) -> System.arraycopy(x, from, out, 0, to - from),
        config);
  }

  /**
   * The reference's cut list {@code opt_ts} ({@link #cuts()} of the song's plan): one quiet point
   * per multiple of {@code t_center} below N, in unpadded sample coordinates, found on the song's
   * exact float64 values read a query region at a time; empty when {@code N + 160 <= t_max}.
   */
  public static int[] cuts(int n, ExactSamples x, ChunkConfig config) {
    int half = ChunkConfig.WINDOW / 2;
    if ((long) n + 2L * half <= config.tMax()) {
      return new int[0];
    }
    List<Integer> found = new ArrayList<>();
    for (long t = config.tCenter(); t < n; t += config.tCenter()) {
      int lo = (int) (t - config.tQuery());
      int hi = (int) Math.min(t + config.tQuery(), n);
      // every box below reads (reflected) samples inside [a, b)
      int a = Math.max(0, lo - half);
      int b = (int) Math.min(n, (long) hi + half);
      double[] region = new double[b - a];
      x.read(a, b, region);
      int best = lo;
      double bestScore = Double.POSITIVE_INFINITY;
      for (int j = lo; j < hi; j++) {
        double score = Math.abs(boxSum(region, a, n, j, half));
        if (score < bestScore) {
          bestScore = score;
          best = j;
        }
      }
      found.add(best);
    }
    return found.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Σ_{i=0}^{159} ap[j + i] with ap = reflect_pad(x, 80, 80), added in order i = 0..159;
   * {@code region} holds x[a, a + region.length).
   */
  private static double boxSum(double[] region, int a, int n, int j, int half) {
    double sum = 0.0;
    int from = j - half;
    if (from >= 0 && from + ChunkConfig.WINDOW <= n) {
      for (int i = 0; i < ChunkConfig.WINDOW; i++) {
        sum += region[from + i - a];
      }
    } else {
      for (int i = 0; i < ChunkConfig.WINDOW; i++) {
        sum += region[(int) ReflectPad.sourceIndex(from + i, n) - a];
      }
    }
    return sum;
  }

  private List<Chunk> buildChunks() {
    int w = ChunkConfig.WINDOW;
    int padded = paddedLength();
    int pitchTotal = pitchLength();
    List<Chunk> out = new ArrayList<>();
    int s = 0;
    for (int cut : cuts) {
      int t = cut / w * w;
      int end = Math.min(t + config.tPad2() + w, padded);
      int pitchEnd = Math.min((t + config.tPad2()) / w, pitchTotal);
      out.add(new Chunk(out.size(), s, end, s / w, pitchEnd));
      s = t;
    }
    out.add(new Chunk(out.size(), s, padded, s / w, pitchTotal));
    return out;
  }

  public ChunkConfig config() {
    return config;
  }

  /** N, the unpadded song length. */
  public int sampleCount() {
    return sampleCount;
  }

  /** Length of the padded song {@code N + 2·t_pad}. */
  public int paddedLength() {
    return sampleCount + config.tPad2();
  }

  /** Pitch frames the chain uses ({@code p_len = paddedLength // 160}; RMVPE yields one more). */
  public int pitchLength() {
    return paddedLength() / ChunkConfig.WINDOW;
  }

  /** The chosen quiet points ({@code opt_ts}), unpadded sample coordinates. */
  public int[] cuts() {
    return Arrays.copyOf(cuts, cuts.length);
  }

  public List<Chunk> chunks() {
    return chunks;
  }

  /** The padded song {@code audio_pad} the chunks index into. */
  public double[] pad(double[] filtered) {
    if (filtered.length != sampleCount) {
      throw new IllegalArgumentException(
          "planned for " + sampleCount + " samples, got " + filtered.length);
    }
    return ReflectPad.pad(filtered, config.tPad(), config.tPad());
  }

  /** Output samples dropped at each end of a converted chunk ({@code t_pad_tgt}). */
  public int trimSamples(int targetSampleRate) {
    return config.tPadTarget(targetSampleRate);
  }

  /**
   * Drops {@code t_pad_tgt} samples at both ends of a converted chunk ({@code y[t_pad_tgt :
   * len(y) − t_pad_tgt]}; empty when the output is not longer than both trims).
   */
  public float[] trim(float[] converted, int targetSampleRate) {
    int trim = trimSamples(targetSampleRate);
    int length = trimmedLength(converted.length, targetSampleRate);
    return Arrays.copyOfRange(converted, trim, trim + length);
  }

  /**
   * Length after trimming a chunk output of {@code untrimmed} samples (0 when the output is not
   * longer than both trims, as the reference's negative-index slice gives).
   */
  public int trimmedLength(int untrimmed, int targetSampleRate) {
    return Math.max(0, untrimmed - 2 * trimSamples(targetSampleRate));
  }
}
