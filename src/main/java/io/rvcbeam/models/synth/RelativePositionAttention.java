package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * VITS multi-head self-attention with windowed relative-position keys and values (heads share one
 * table of {@code 2·window+1} embeddings), docs/algorithm.md §8.3.
 *
 * <p>{@code score[h,i,j] = (q_i·k_j + q_i·relK(j−i)) / sqrt(dk)}, masked to −1e4,
 * {@code out_i = Σ_j p_ij (v_j + relV(j−i))}; relative offsets beyond the window contribute zero.
 * Relative offsets beyond the window have zero embeddings, so the relative terms are computed on
 * the band of {@code 2·window+1} offsets only and placed onto the absolute key axis with the
 * reference's pad/reshape (skew) conversion, one block of query rows at a time.
 */
public final class RelativePositionAttention {

  private final Conv1dLayer convQ;
  private final Conv1dLayer convK;
  private final Conv1dLayer convV;
  private final Conv1dLayer convO;
  private final NDArray relKT; // [dk, 2w+1]
  private final NDArray relV; // [2w+1, dk]
  private final int heads;
  private final int window;
  private final float scale;

  public RelativePositionAttention(SynthWeights w, String prefix, int channels, int heads,
      int window) {
    this.heads = heads;
    this.window = window;
    int dk = channels / heads;
    this.scale = (float) (1.0 / Math.sqrt(dk));
    convQ = w.conv(prefix + ".conv_q", false, channels, channels, 1, 1, 0, 1);
    convK = w.conv(prefix + ".conv_k", false, channels, channels, 1, 1, 0, 1);
    convV = w.conv(prefix + ".conv_v", false, channels, channels, 1, 1, 0, 1);
    convO = w.conv(prefix + ".conv_o", false, channels, channels, 1, 1, 0, 1);
    try (NDArray relK = w.upload(w.hostPlain(prefix + ".emb_rel_k", 1, 2L * window + 1, dk),
        2L * window + 1, dk)) {
      relKT = relK.transpose(1, 0).duplicate(); // [dk, 2w+1], offsets −w..w
    }
    relV = w.upload(w.hostPlain(prefix + ".emb_rel_v", 1, 2L * window + 1, dk),
        2L * window + 1, dk);
  }

  /**
   * @param x [B, C, T] (already masked)
   * @param mask [B, 1, T] 1 on valid frames; a query and a key attend to each other when both
   *     are valid
   * @return [B, C, T], on {@code x}'s manager
   */
  public NDArray forward(NDArray x, NDArray mask) {
    return forward(x, mask, queryRows(x.getShape().get(2)));
  }

  /** As {@link #forward(NDArray, NDArray)} with {@code rows} query rows per block. */
  NDArray forward(NDArray x, NDArray mask, long rows) {
    NDManager call = x.getManager();
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long t = s.get(2);
    long dk = c / heads;
    NDArray q = splitHeads(convQ.forward(x), b, dk, t).mul(scale); // [B, H, T, dk]
    NDArray k = splitHeads(convK.forward(x), b, dk, t);
    NDArray v = splitHeads(convV.forward(x), b, dk, t);

    // Slot by slot, and within a slot block of queries by block: the [B, H, T, T] scores of a
    // whole padded batch would be hundreds of MB per 40-s row. A query row's scores, softmax and
    // output depend on that row alone, so every block computes what the whole call would.
    NDList pieces = new NDList();
    try {
      for (long i = 0; i < b; i++) {
        String slot = i + ":" + (i + 1);
        NDArray qi = q.get(slot);
        NDArray ki = k.get(slot);
        NDArray vi = v.get(slot);
        NDArray keys; // [1, 1, 1, T]
        try (NDArray slotMask = mask.get(slot)) {
          keys = slotMask.expandDims(2);
        }
        NDList blocks = new NDList();
        for (long r0 = 0; r0 < t; r0 += rows) {
          long r1 = Math.min(t, r0 + rows);
          try (NDArray rowMask = mask.get(slot + ", :, " + r0 + ":" + r1);
              NDArray queries = rowMask.expandDims(3)) { // [1, 1, Tq, 1]
            blocks.add(attendBlock(call, qi.get(":, :, " + r0 + ":" + r1), ki, vi, keys, queries,
                r0, t));
          }
        }
        pieces.add(blocks.size() == 1 ? blocks.get(0) : NDArrays.concat(blocks, 2));
        if (blocks.size() > 1) {
          blocks.close();
        }
        keys.close();
      }
      NDArray out = pieces.size() == 1 ? pieces.get(0) : NDArrays.concat(pieces, 0); // [B,H,T,dk]
      NDArray merged = out.transpose(0, 1, 3, 2).reshape(b, c, t);
      return convO.forward(merged);
    } finally {
      pieces.close();
    }
  }

  /** Query rows per block: about 4 M scores ([H, rows, T] floats, 16 MB) at a time. */
  private long queryRows(long t) {
    return Math.max(1, Math.min(t, (1L << 22) / (heads * t)));
  }

  /**
   * Scores, softmax and the weighted values of query rows {@code r0 .. r0+Tq} of one slot:
   * [1, H, Tq, dk].
   *
   * <p>The relative terms are banded: offsets beyond the window have zero embeddings, so
   * {@code q_i·relK(j−i)} is zero off the band {@code |j−i| ≤ window} and adding it there
   * changes nothing. So only the {@code 2·window+1} band entries per row are computed, as
   * [Tq, 2w+1], and skewed onto the absolute columns: {@link #skew} and {@link #unskew} are the
   * reference's pad/reshape conversions for a block of rows and a band instead of all of them.
   */
  private NDArray attendBlock(NDManager call, NDArray q, NDArray k, NDArray v, NDArray keys,
      NDArray queries, long r0, long t) {
    long rows = q.getShape().get(2);
    long width = 2L * window + 1;
    // Band columns [r0 − w, r0 + Tq + w) clipped to the song's [0, T): skewed column lo..hi.
    long lo = Math.max(0, window - r0);
    long hi = Math.min(rows + 2L * window, t - r0 + window);
    long left = r0 - window + lo; // first absolute column the band reaches

    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [1, H, Tq, T]
    NDArray relLogits = q.matMul(relKT); // [1, H, Tq, 2w+1]
    NDArray band = skew(relLogits, rows); // [1, H, Tq, Tq+2w]
    relLogits.close();
    NDArray reached = band.get(":, :, :, " + lo + ":" + hi);
    band.close();
    NDArray relAbs = reached.pad(new Shape(left, t - left - (hi - lo)), 0); // [1, H, Tq, T]
    reached.close();
    scores.addi(relAbs);
    relAbs.close();
    // masked_fill(mask == 0, −1e4), exactly: score·1 + 0 or score·0 − 1e4
    // keys and queries live on the call's manager, not the layer's scope: every temporary here
    // must be closed (an unclosed [1, 1, Tq, T] per block held 60 MB per layer until the call
    // ended), so the fill is computed in place.
    try (NDArray attnMask = keys.mul(queries); // [1, 1, Tq, T]
        NDArray attnFill = attnMask.sub(1f).muli(1e4f)) {
      scores.muli(attnMask).addi(attnFill);
    }
    NDArray p = scores.softmax(-1); // [1, H, Tq, T]
    scores.close();

    NDArray out = p.matMul(v); // [1, H, Tq, dk]
    NDArray probsReached = p.get(":, :, :, " + left + ":" + (left + hi - lo));
    p.close();
    NDArray probsBand = probsReached.pad(new Shape(lo, rows + 2L * window - hi), 0);
    probsReached.close();
    NDArray pRel = unskew(probsBand, rows, width); // [1, H, Tq, 2w+1]
    probsBand.close();
    NDArray relOut = pRel.matMul(relV); // [1, H, Tq, dk]
    pRel.close();
    out.addi(relOut);
    relOut.close();
    NDArray owned = CallArrays.own(call, out);
    return owned;
  }

  private NDArray splitHeads(NDArray x, long b, long dk, long t) {
    return x.reshape(b, heads, dk, t).transpose(0, 1, 3, 2);
  }

  /**
   * [1, H, R, 2w+1] band rows to [1, H, R, R+2w]: row r's entries land at columns r .. r+2w (the
   * band of query r0+r over absolute columns r0−w ..), zeros elsewhere.
   */
  private NDArray skew(NDArray band, long rows) {
    long wide = rows + 2L * window;
    NDArray padded = band.pad(new Shape(0, rows), 0); // [1, H, R, R+2w+1]
    NDArray flat = padded.reshape(1, heads, rows * (wide + 1));
    padded.close();
    NDArray cut = flat.get(":, :, :" + rows * wide);
    flat.close();
    NDArray out = cut.reshape(1, heads, rows, wide);
    cut.close();
    return out;
  }

  /** The inverse of {@link #skew}: [1, H, R, R+2w] to the [1, H, R, 2w+1] band. */
  private NDArray unskew(NDArray skewed, long rows, long width) {
    long wide = rows + 2L * window;
    NDArray flat = skewed.reshape(1, heads, rows * wide).pad(new Shape(0, rows), 0);
    NDArray grid = flat.reshape(1, heads, rows, wide + 1);
    flat.close();
    NDArray out = grid.get(":, :, :, :" + width);
    grid.close();
    return out;
  }
}
