package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.nn.SlotLengths;

/**
 * The decoder run over overlapping windows of a chunk instead of the whole chunk at once: each
 * window of {@link #windowFrames()} frames gets {@link #marginFrames()} extra frames of latent and
 * harmonic source on each side, and only its own samples are kept. Once the NSF source is given
 * (computed for the whole chunk, so its sine phase runs on across windows) the decoder is purely
 * convolutional, and a margin wider than its receptive field makes every kept sample the
 * whole-chunk value up to float32 round-off (the engine may pick other conv algorithms for
 * other lengths). What it buys: the decoder's full-rate activations are bounded by a window, not
 * a 40-s chunk, so they stay small enough to be reused and cached instead of faulted in anew.
 */
public final class WindowedDecoder {

  private final HifiGanGenerator decoder;
  private final int hop;
  private final int windowFrames;
  private final int marginFrames;
  private final int tailWindowFrames;
  private final int tailMarginFrames;

  /**
   * @param windowFrames frames kept per window; chunks no longer run whole
   * @param tailWindowFrames frames kept per window of the stages after the first (see {@link
   *     #forward}); at most {@code windowFrames}
   */
  public WindowedDecoder(HifiGanGenerator decoder, SynthConfig config, int windowFrames,
      int tailWindowFrames) {
    if (windowFrames < 1 || tailWindowFrames < 1 || tailWindowFrames > windowFrames) {
      throw new IllegalArgumentException("decoder windows must be at least 1 frame, the tail's "
          + "at most the window: " + windowFrames + ", " + tailWindowFrames);
    }
    this.decoder = decoder;
    this.hop = config.hop();
    this.windowFrames = windowFrames;
    this.marginFrames = receptiveRadiusFrames(config, 0) + 4;
    this.tailWindowFrames = tailWindowFrames;
    this.tailMarginFrames = receptiveRadiusFrames(config, 1) + 2;
  }

  public int windowFrames() {
    return windowFrames;
  }

  public int marginFrames() {
    return marginFrames;
  }

  /**
   * As {@link HifiGanGenerator#forward}, window by window, and within a window in two steps:
   * conv_pre and the first stage over the whole window, then the later stages over shorter
   * windows of {@code tailWindowFrames} frames of the first stage's output, each with a margin
   * of its own (that part's reach is one or two frames). The later stages run at 10 to 400
   * samples per frame, and their activations and the convolutions' work buffers grow with
   * their window (about 0.9 MB per frame at 40 kHz, measured); their margins cost a few frames
   * per tail window instead of the whole decoder's.
   *
   * @param z [1, C, T]
   * @param g [1, gin, 1]
   * @param harmonic [1, 1, T·hop] or null
   * @return [1, 1, T·hop]
   */
  public NDArray forward(NDArray z, NDArray g, NDArray harmonic) {
    long t = z.getShape().get(2);
    if (t <= tailWindowFrames + tailMarginFrames || decoder.stages() < 2) {
      return decoder.forward(z, g, harmonic);
    }
    return byWindows(z, harmonic, windowFrames, t, (zw, hw, lo, hi, a, b) -> {
      int rate = decoder.rateAfter(1);
      NDArray head = decoder.head(zw, g, hw, 1); // [1, C_1, (hi − lo)·rate]
      NDList kept = new NDList();
      try {
        for (long s0 = a - lo; s0 < b - lo; s0 += tailWindowFrames) {
          long s1 = Math.min(b - lo, s0 + tailWindowFrames);
          long from = Math.max(0, s0 - tailMarginFrames);
          long to = Math.min(hi - lo, s1 + tailMarginFrames);
          NDArray xs = head.get(":, :, " + from * rate + ":" + to * rate);
          NDArray hs = hw == null ? null : hw.get(":, :, " + from * hop + ":" + to * hop);
          NDArray wave = decoder.tail(xs, hs, 1); // [1, 1, (to − from)·hop]
          kept.add(wave.get(":, :, " + (s0 - from) * hop + ":" + (s1 - from) * hop));
          wave.close();
          xs.close();
          if (hs != null) {
            hs.close();
          }
        }
        return kept.size() == 1 ? kept.get(0).duplicate() : NDArrays.concat(kept, 2);
      } finally {
        kept.close();
        head.close();
      }
    });
  }

  /**
   * As {@link HifiGanGenerator#forward(NDArray, NDArray, NDArray, SlotLengths)} for a batch of
   * padded slots, window by window. Every window has the same frames in every slot, so a call's
   * shapes depend only on {@code T} and the slot count, never on which chunks fill the slots; a
   * slot's real length within a window is its length past the window's first frame, clamped to
   * the window, and its padding is zeroed there as the whole call zeroes it. Windows hold
   * {@code max(windowFrames / B, windowFrames / 4)} frames per slot, so a call's activations stay
   * near one slot's window however many slots it has. A window no slot reaches is padding in
   * every slot: its samples are zeros, not computed.
   *
   * @param z [B, C, T], zero after each slot's frames
   * @param g [B, gin, 1]
   * @param harmonic [B, 1, T·hop], zero after each slot's samples, or null
   * @param frames real frames per slot
   * @return [B, 1, T·hop]; samples after a slot's own are padding
   */
  public NDArray forwardPadded(NDArray z, NDArray g, NDArray harmonic, SlotLengths frames) {
    long t = z.getShape().get(2);
    int slots = frames.slots();
    long window = paddedWindowFrames(slots);
    if (t <= window + marginFrames) {
      return decoder.forward(z, g, harmonic, frames);
    }
    int longest = 0;
    for (int s = 0; s < slots; s++) {
      longest = Math.max(longest, frames.valid(s));
    }
    return byWindows(z, harmonic, window, longest, (zw, hw, lo, hi, a, b) -> {
      int[] inWindow = new int[slots];
      for (int s = 0; s < slots; s++) {
        inWindow[s] = (int) Math.max(0, Math.min(hi - lo, frames.valid(s) - lo));
      }
      try (NDArray wave = decoder.forward(zw, g, hw, SlotLengths.of(inWindow))) {
        return wave.get(":, :, " + (a - lo) * hop + ":" + (b - lo) * hop);
      }
    });
  }

  /** The decoder on one window's latent and source, margins included. */
  @FunctionalInterface
  private interface WindowCall {
    /**
     * @param zw [B, C, hi − lo]
     * @param hw [B, 1, (hi − lo)·hop] or null
     * @param lo the window's first frame, margin included
     * @param hi past its last frame, margin included
     * @param a the first frame the window keeps
     * @param b past the last frame it keeps
     * @return [B, 1, (b − a)·hop]: the kept frames' samples
     */
    NDArray decode(NDArray zw, NDArray hw, long lo, long hi, long a, long b);
  }

  /**
   * Runs {@code call} on windows of {@code window} frames with {@link #marginFrames()} either
   * side and joins each window's own samples. A window starting at or past {@code reached} is
   * padding in every slot: zeros, not computed.
   *
   * @param z [B, C, T]
   * @param harmonic [B, 1, T·hop] or null
   * @return [B, 1, T·hop]
   */
  private NDArray byWindows(
      NDArray z, NDArray harmonic, long window, long reached, WindowCall call) {
    long t = z.getShape().get(2);
    long batch = z.getShape().get(0);
    NDList kept = new NDList();
    try {
      for (long a = 0; a < t; a += window) {
        long b = Math.min(t, a + window);
        if (reached <= a) {
          kept.add(z.getManager().zeros(new Shape(batch, 1, (b - a) * hop), z.getDataType()));
          continue;
        }
        long lo = Math.max(0, a - marginFrames);
        long hi = Math.min(t, b + marginFrames);
        NDArray zw = z.get(":, :, " + lo + ":" + hi); // [B, C, hi − lo]
        NDArray hw = harmonic == null ? null
            : harmonic.get(":, :, " + lo * hop + ":" + hi * hop); // [B, 1, (hi − lo)·hop]
        kept.add(call.decode(zw, hw, lo, hi, a, b)); // [B, 1, (b − a)·hop]
        zw.close();
        if (hw != null) {
          hw.close();
        }
      }
      return NDArrays.concat(kept, 2);
    } finally {
      kept.close();
    }
  }

  /** Frames per slot of a window of a {@code slots}-slot call. */
  long paddedWindowFrames(int slots) {
    return Math.max(1, Math.max(windowFrames / slots, windowFrames / 4));
  }

  /**
   * How many latent frames either side of a frame can reach its output samples: conv_pre's 3,
   * each transposed conv's kernel in its input's units, each stage's widest residual block (the
   * chained dilated and plain convs of kind 1, the dilated ones of kind 2) at its rate, and
   * conv_post's 3 samples; rounded up.
   */
  static int receptiveRadiusFrames(SynthConfig c) {
    return receptiveRadiusFrames(c, 0);
  }

  /** As {@link #receptiveRadiusFrames(SynthConfig)} for the stages from {@code first} on. */
  static int receptiveRadiusFrames(SynthConfig c, int first) {
    int[] rates = c.upsampleRates();
    double frames = first == 0 ? 3 : 0;
    double rate = 1; // samples per frame at the current stage's input
    for (int i = 0; i < first; i++) {
      rate *= rates[i];
    }
    for (int i = first; i < rates.length; i++) {
      frames += Math.ceil((double) c.upsampleKernels()[i] / rates[i]) / rate;
      rate *= rates[i];
      frames += 7.0 / rate; // the stride-hop noise conv reaches about one output step each way
      int widest = 0;
      for (int j = 0; j < c.resblockKernels().length; j++) {
        int half = (c.resblockKernels()[j] - 1) / 2;
        int reach = 0;
        for (int d : c.resblockDilations()[j]) {
          reach += half * d + ("1".equals(c.resblock()) ? half : 0);
        }
        widest = Math.max(widest, reach);
      }
      frames += widest / rate;
    }
    frames += 3 / rate;
    return (int) Math.ceil(frames);
  }
}
