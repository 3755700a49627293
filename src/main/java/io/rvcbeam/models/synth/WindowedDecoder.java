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

  /** @param windowFrames frames kept per decoder call; chunks no longer run whole */
  public WindowedDecoder(HifiGanGenerator decoder, SynthConfig config, int windowFrames) {
    if (windowFrames < 1) {
      throw new IllegalArgumentException("decoder window must be at least 1 frame");
    }
    this.decoder = decoder;
    this.hop = config.hop();
    this.windowFrames = windowFrames;
    this.marginFrames = receptiveRadiusFrames(config) + 4;
  }

  public int windowFrames() {
    return windowFrames;
  }

  public int marginFrames() {
    return marginFrames;
  }

  /**
   * As {@link HifiGanGenerator#forward}, window by window.
   *
   * @param z [1, C, T]
   * @param g [1, gin, 1]
   * @param harmonic [1, 1, T·hop] or null
   * @return [1, 1, T·hop]
   */
  public NDArray forward(NDArray z, NDArray g, NDArray harmonic) {
    long t = z.getShape().get(2);
    if (t <= windowFrames + marginFrames) {
      return decoder.forward(z, g, harmonic);
    }
    return byWindows(
        z, harmonic, windowFrames, t, (zw, hw, lo, hi) -> decoder.forward(zw, g, hw));
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
    return byWindows(z, harmonic, window, longest, (zw, hw, lo, hi) -> {
      int[] inWindow = new int[slots];
      for (int s = 0; s < slots; s++) {
        inWindow[s] = (int) Math.max(0, Math.min(hi - lo, frames.valid(s) - lo));
      }
      return decoder.forward(zw, g, hw, SlotLengths.of(inWindow));
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
     * @return [B, 1, (hi − lo)·hop]
     */
    NDArray decode(NDArray zw, NDArray hw, long lo, long hi);
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
        NDArray wave = call.decode(zw, hw, lo, hi); // [B, 1, (hi − lo)·hop]
        kept.add(wave.get(":, :, " + (a - lo) * hop + ":" + (b - lo) * hop));
        wave.close();
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
    double frames = 3;
    double rate = 1; // samples per frame at the current stage's input
    int[] rates = c.upsampleRates();
    for (int i = 0; i < rates.length; i++) {
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
