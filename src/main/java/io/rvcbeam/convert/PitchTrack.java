package io.rvcbeam.convert;

import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.nn.HostHeap;
import io.rvcbeam.nn.ReflectPad;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Step 3 of the chain: f0 of a whole padded song as the reference computes it (docs/algorithm.md
 * §4), with RMVPE run in the overlapping windows of {@link PitchWindows}: one window (exactly the
 * reference) up to 32 000 frames (≈ 318 s of song), kept middles of overlapping windows above, so
 * no GRU call is longer than a window and no more than one window's activations are alive at a
 * time. An instance is the step the commands call ({@link #apply}); the model is the caller's to
 * close. Thread-safe as the model is.
 */
public final class PitchTrack {

  private final PitchEstimator model;
  private final int pad;

  /** @param config the chunking: its {@code t_pad} reflect padding is the pitch track's too */
  public PitchTrack(PitchEstimator model, ChunkConfig config) {
    this.model = model;
    this.pad = config.tPad();
  }

  /**
   * @param filtered the high-passed 16 kHz song, unpadded, float32
   * @return f0 in Hz (0 = unvoiced) per 10 ms frame of the padded song ({@code p_len} frames),
   *     unadjusted
   */
  public double[] apply(float[] filtered) {
    try {
      return estimate(model, filtered, pad, PitchEstimator.DEFAULT_THRESHOLD);
    } finally {
      HostHeap.trim();
    }
  }

  /**
   * @param paddedSong the reflect-padded, high-passed 16 kHz song ({@code audio_pad})
   * @return f0 in Hz (float64, 0 = unvoiced), {@code 1 + L / 160} frames
   */
  public static double[] estimate(PitchEstimator model, float[] paddedSong, float threshold) {
    return estimate(model, paddedSong, threshold, PitchWindows.plan(
        PitchWindows.framesOf(paddedSong.length)));
  }


  /**
   * As {@link #estimate(PitchEstimator, float[], float)} on the unpadded song reflect-padded by
   * {@code pad} samples at each end, each window reading through the padding: no padded copy of
   * the song.
   */
  public static double[] estimate(PitchEstimator model, float[] song, int pad, float threshold) {
    long padded = song.length + 2L * pad;
    PitchWindows plan = PitchWindows.plan(PitchWindows.framesOf(padded));
    return estimate(model, plan, threshold,
        w -> paddedSlice(song, pad, w.audioStart(), w.audioLength()));
  }

  /** As {@link #estimate(PitchEstimator, float[], float)} with an explicit window plan. */
  public static double[] estimate(
      PitchEstimator model, float[] paddedSong, float threshold, PitchWindows plan) {
    return estimate(model, plan, threshold, w -> w.audio(paddedSong));
  }

  /**
   * {@code ReflectPad.slice(ReflectPad.pad(song, pad, pad), from, length)}: virtual indices
   * reflected at the padded song's ends, then padded indices reflected at the song's.
   */
  static float[] paddedSlice(float[] song, int pad, long from, int length) {
    int n = song.length;
    long padded = n + 2L * pad;
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      long v = from + i;
      long p = v >= 0 && v < padded ? v : ReflectPad.sourceIndex(v, padded);
      long k = p - pad;
      int at = (int) (k >= 0 && k < n ? k : ReflectPad.sourceIndex(k, n));
      out[i] = song[at];
    }
    return out;
  }

  private static double[] estimate(PitchEstimator model, PitchWindows plan, float threshold,
      Function<PitchWindows.Window, float[]> audio) {
    // Decoding is per frame, so each window's kept middle is decoded as soon as it is computed:
    // only one window's salience is alive (an hour's [T, 360] would be ~520 MB).
    double[] f0 = new double[plan.frames()];
    for (PitchWindows.Window w : plan.windows()) {
      float[][] rows = model.windowSalience(new float[][] {audio.apply(w)})[0]; // [T_w, 360]
      if (rows.length < w.keepToLocal()) {
        throw new IllegalStateException(
            "window at frame " + w.start() + " has " + rows.length + " frames, needs "
                + w.keepToLocal());
      }
      double[] kept =
          PitchEstimator.decode(
              Arrays.copyOfRange(rows, w.keepFromLocal(), w.keepToLocal()), threshold);
      System.arraycopy(kept, 0, f0, w.keepFrom(), kept.length);
    }
    return f0;
  }
}
