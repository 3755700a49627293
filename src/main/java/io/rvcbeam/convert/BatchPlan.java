package io.rvcbeam.convert;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * The shapes of the network calls for {@code slots} chunks per call.
 *
 * <p>One slot: every chunk runs alone at its own length, as the reference runs it. More slots:
 * every call has {@code slots} rows of one of a few fixed lengths (buckets), whatever chunks it
 * holds; a chunk goes to the shortest bucket that fits it, is zero-padded to it, and the networks
 * mask the padding. A chunk's arithmetic then depends only on the chunk, its bucket and the slot
 * count, never on the chunks that share its call or on its slot: its bytes are a function of the
 * input and the settings ({@code batchSize} included). They differ from one slot's by float
 * rounding (other shapes pick other kernels and summation orders).
 *
 * <p>Buckets are quarters of the longest chunk the chunk plan can make: most chunks of a song
 * are near the chunk spacing, and padding them to the longest chunk alone would cost up to a
 * third more work (a short last chunk, four times more). Lengths are rounded up so that a bucket
 * gives a multiple of 64 synthesizer frames and of 32 content frames: every slot's block of an
 * activation then starts on the same vector boundary, so element-wise kernels treat all slots
 * alike (a scalar tail computes transcendental functions differently from the vector body).
 *
 * @param slots chunks per network call ({@code batchSize})
 * @param lengths bucket lengths in 16 kHz samples, ascending (empty for one slot)
 */
public record BatchPlan(int slots, int[] lengths) implements Serializable {

  /** Synthesizer frames of every bucket are a multiple of this. */
  static final int FRAME_ALIGN = 64;

  private static final int BUCKETS = 4;

  public BatchPlan {
    if (slots < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + slots);
    }
    lengths = lengths.clone();
    if (slots > 1 && lengths.length == 0) {
      throw new IllegalArgumentException("a batch of " + slots + " slots needs bucket lengths");
    }
  }

  /** Every chunk alone at its own length. */
  public static BatchPlan single() {
    return new BatchPlan(1, new int[0]);
  }

  /** {@code batchSize} slots, buckets for the chunks {@code config} cuts. */
  public static BatchPlan of(ChunkConfig config, int batchSize) {
    if (batchSize == 1) {
      return single();
    }
    long longest = longestChunk(config);
    int[] lengths = new int[BUCKETS];
    for (int k = 1; k <= BUCKETS; k++) {
      lengths[k - 1] = aligned((longest * k + BUCKETS - 1) / BUCKETS);
    }
    return new BatchPlan(batchSize, Arrays.stream(lengths).distinct().toArray());
  }

  /**
   * An upper bound of the chunk lengths {@link ChunkPlan} makes: a chunk between two cuts spans
   * at most the cut spacing plus both search half-widths, the context padding and a window of
   * rounding at each cut; an uncut song is at most {@code x_max} plus its padding.
   */
  static long longestChunk(ChunkConfig config) {
    long between = (long) config.tCenter() + 2L * config.tQuery() + config.tPad2()
        + 2L * ChunkConfig.WINDOW;
    long uncut = (long) config.tMax() + config.tPad2();
    return Math.max(between, uncut);
  }

  /** The shortest length ≥ {@code samples} of the form {@code 160·P + 80}, P a multiple of 64. */
  static int aligned(long samples) {
    long frames = Math.max(1, (samples - ChunkConfig.WINDOW / 2 + ChunkConfig.WINDOW - 1)
        / ChunkConfig.WINDOW);
    frames = (frames + FRAME_ALIGN - 1) / FRAME_ALIGN * FRAME_ALIGN;
    return Math.toIntExact(frames * ChunkConfig.WINDOW + ChunkConfig.WINDOW / 2);
  }

  /** Whether calls pad chunks to buckets (more than one slot). */
  public boolean padded() {
    return slots > 1;
  }

  /**
   * The bucket of a chunk of {@code samples} samples: the shortest that fits it.
   *
   * @throws IllegalArgumentException if no bucket fits (a chunk this plan was not made for)
   */
  public int bucket(int samples) {
    for (int b = 0; b < lengths.length; b++) {
      if (samples <= lengths[b]) {
        return b;
      }
    }
    throw new IllegalArgumentException("a chunk of " + samples + " samples is longer than the "
        + "longest batch row (" + (lengths.length == 0 ? 0 : lengths[lengths.length - 1])
        + " samples) of batch size " + slots + "; the chunk settings must match the job's");
  }

  /** The bucket of an unpadded call (one slot): the chunk runs at its own length. */
  public static final int UNPADDED = -1;

  /**
   * One network call.
   *
   * @param bucket the bucket its chunks are padded to, or {@link #UNPADDED}
   * @param chunks its chunks, by index, in their order
   */
  public record Call(int bucket, List<Integer> chunks) {
    public Call {
      chunks = List.copyOf(chunks);
    }
  }

  /**
   * The network calls for {@code count} chunks, the one grouping every caller uses: for one slot,
   * each chunk alone, in order; else each bucket's chunks (shortest bucket first, chunks in their
   * order) in calls of up to {@code slots}.
   *
   * @param samplesOf a chunk's length in 16 kHz samples, by index (asked only when padded)
   * @throws IllegalArgumentException if a chunk fits no bucket
   */
  public List<Call> calls(int count, IntUnaryOperator samplesOf) {
    Map<Integer, List<Integer>> buckets = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      int bucket = padded() ? bucket(samplesOf.applyAsInt(i)) : UNPADDED;
      buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(i);
    }
    List<Call> calls = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> bucket : buckets.entrySet()) {
      List<Integer> members = bucket.getValue();
      for (int from = 0; from < members.size(); from += slots) {
        calls.add(new Call(
            bucket.getKey(), members.subList(from, Math.min(members.size(), from + slots))));
      }
    }
    return calls;
  }

  public int length(int bucket) {
    return lengths[bucket];
  }

  @Override
  public int[] lengths() {
    return lengths.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchPlan p && p.slots == slots && Arrays.equals(p.lengths, lengths);
  }

  @Override
  public int hashCode() {
    return 31 * slots + Arrays.hashCode(lengths);
  }

  @Override
  public String toString() {
    return slots == 1 ? "batch 1 (each chunk alone)"
        : "batch " + slots + " × " + Arrays.toString(lengths) + " samples";
  }
}
