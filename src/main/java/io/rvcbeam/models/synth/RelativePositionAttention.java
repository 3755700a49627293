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
 * The relative terms use the reference's pad/reshape conversions between the {@code 2T−1}
 * relative axis and the absolute {@code T} axis.
 */
public final class RelativePositionAttention {

  private final Conv1dLayer convQ;
  private final Conv1dLayer convK;
  private final Conv1dLayer convV;
  private final Conv1dLayer convO;
  private final NDArray relK; // [2w+1, dk]
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
    relK = w.upload(w.hostPlain(prefix + ".emb_rel_k", 1, 2L * window + 1, dk),
        2L * window + 1, dk);
    relV = w.upload(w.hostPlain(prefix + ".emb_rel_v", 1, 2L * window + 1, dk),
        2L * window + 1, dk);
  }

  /**
   * @param x [B, C, T] (already masked)
   * @param attnMask [B, 1, T, T] 1 where both positions are valid
   * @param attnFill [B, 1, T, T] {@code (attnMask − 1)·1e4}
   * @return [B, C, T], on {@code x}'s manager
   */
  public NDArray forward(NDArray x, NDArray attnMask, NDArray attnFill) {
    NDManager call = x.getManager();
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long t = s.get(2);
    long dk = c / heads;
    NDArray q = splitHeads(convQ.forward(x), b, dk, t).mul(scale); // [B, H, T, dk]
    NDArray k = splitHeads(convK.forward(x), b, dk, t);
    NDArray v = splitHeads(convV.forward(x), b, dk, t);

    NDArray out; // [B, H, T, dk]
    if (b == 1) {
      out = attend(call, q, k, v, attnMask, attnFill, 1, t);
    } else {
      // Slot by slot: the [B, H, T, T] scores of a padded batch would be B times one chunk's
      // (GBs at 40-s rows), and each slot's arithmetic is then that of a one-slot call.
      NDList slots = new NDList();
      try {
        for (long i = 0; i < b; i++) {
          String row = i + ":" + (i + 1);
          slots.add(attend(call, q.get(row), k.get(row), v.get(row), attnMask.get(row),
              attnFill.get(row), 1, t));
        }
        out = NDArrays.concat(slots, 0);
      } finally {
        slots.close();
      }
    }
    NDArray merged = out.transpose(0, 1, 3, 2).reshape(b, c, t);
    return convO.forward(merged);
  }

  /** Scores, softmax and the weighted values of {@code b} slots: [B, H, T, dk]. */
  private NDArray attend(NDManager call, NDArray q, NDArray k, NDArray v, NDArray attnMask,
      NDArray attnFill, long b, long t) {
    // Every [B, H, T, T]-sized temporary is closed as soon as it is read, and element-wise
    // steps run in place (same values): at 40-s chunks each is hundreds of MB, and the layer's
    // scope would otherwise hold them all until it ends.
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [B, H, T, T]
    NDArray tableK = relativeTable(call, relK, t); // [2T−1, dk]
    NDArray relLogits = q.matMul(tableK.transpose()); // [B, H, T, 2T−1]
    NDArray relAbs = relativeToAbsolute(relLogits, b, t); // [B, H, T, T]
    scores.addi(relAbs);
    relAbs.close();
    // masked_fill(mask == 0, −1e4), exactly: score·1 + 0 or score·0 − 1e4
    scores.muli(attnMask).addi(attnFill);
    NDArray p = scores.softmax(-1);
    scores.close();

    NDArray out = p.matMul(v); // [B, H, T, dk]
    NDArray tableV = relativeTable(call, relV, t);
    NDArray pRel = absoluteToRelative(p, b, t); // [B, H, T, 2T−1]
    p.close();
    NDArray relOut = pRel.matMul(tableV);
    pRel.close();
    out.addi(relOut);
    relOut.close();
    return out;
  }

  private NDArray splitHeads(NDArray x, long b, long dk, long t) {
    return x.reshape(b, heads, dk, t).transpose(0, 1, 3, 2);
  }

  /** The {@code 2T−1} relative embeddings for offsets −(T−1)..T−1, zero outside the window. */
  private NDArray relativeTable(NDManager call, NDArray table, long t) {
    long padLen = Math.max(t - (window + 1), 0);
    long start = Math.max((window + 1) - t, 0);
    long end = start + 2 * t - 1;
    NDArray padded;
    if (padLen > 0) {
      NDArray zeros = call.zeros(new Shape(padLen, table.getShape().get(1)), table.getDataType());
      padded = zeros.concat(table, 0).concat(zeros, 0);
    } else {
      padded = CallArrays.own(call, table.get(start + ":" + end));
      return padded;
    }
    return padded.get(start + ":" + end);
  }

  /** [B, H, T, 2T−1] relative → [B, H, T, T] absolute; closes {@code x}. */
  private NDArray relativeToAbsolute(NDArray x, long b, long t) {
    NDArray y = x.pad(new Shape(0, 1), 0); // [B, H, T, 2T]
    x.close();
    NDArray z = y.reshape(b, heads, 2 * t * t).pad(new Shape(0, t - 1), 0);
    y.close();
    NDArray r = z.reshape(b, heads, t + 1, 2 * t - 1);
    NDArray out = r.get(":, :, :" + t + ", " + (t - 1) + ":");
    r.close();
    z.close();
    return out;
  }

  /** [B, H, T, T] absolute → [B, H, T, 2T−1] relative. */
  private NDArray absoluteToRelative(NDArray x, long b, long t) {
    NDArray y = x.pad(new Shape(0, t - 1), 0); // [B, H, T, 2T−1]
    NDArray z = y.reshape(b, heads, t * (2 * t - 1)).pad(new Shape(t, 0), 0);
    y.close();
    NDArray r = z.reshape(b, heads, t, 2 * t);
    NDArray out = r.get(":, :, :, 1:");
    r.close();
    z.close();
    return out;
  }

}
