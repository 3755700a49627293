package io.rvcbeam.convert;

import io.rvcbeam.nn.ReflectPad;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans RMVPE over a whole padded song in windows, and stitches the windows' salience back
 * together (docs/algorithm.md §4.1–§4.2).
 *
 * <p>The reference computes the log-mel of the whole padded song ({@code T = 1 + L // 160}
 * frames), reflect-pads the frames at the end to {@code Tp}, a multiple of 32, runs the network
 * and keeps the first T output frames. When {@code Tp} fits in {@code maxFrames} (32 000 frames =
 * 320 s, the window URVC/Applio use) the plan is exactly that: one window. Longer songs get
 * windows of {@code maxFrames} frames that overlap by at least {@code 2·margin}; each window's
 * middle is kept, so no frame is computed near a window edge unless it is at the song's edge.
 * Unlike URVC/Applio, whose back-to-back windows restart the GRU cold at every 32 000 frames,
 * there is no seam.
 *
 * <p><b>Windows are cut from the audio, not from the mel.</b> A whole-song mel would be 128 floats
 * per frame (184 MB for an hour) before any network work. STFT frame f (centre padding 512,
 * reflect) depends only on samples {@code [160f − 512, 160f + 512)} of the padded song, reflected
 * at the song's ends; so {@link Window#audioStart()} and {@link Window#audioLength()} give the
 * samples whose non-centred STFT ({@code center=false}) yields exactly the song mel's frames
 * {@code [start, start + realFrames)}; {@link ReflectPad#slice(float[], long, int)} reads them.
 * Only the last window can extend past the song's T frames: its remaining {@code length −
 * realFrames} mel frames are the reflection {@link Window#sourceFrame(int)} of its own frames, as
 * the reference's 32-frame padding is. Every window starts on a multiple of 32 frames so the
 * network's pooling grid lines up with the whole-song grid.
 */
public final class PitchWindows {

  /** RMVPE's U-Net needs lengths divisible by 2^5. */
  public static final int FRAME_MULTIPLE = 32;

  /** URVC/Applio's RMVPE window, in frames (320 s at 100 frames per second). */
  public static final int REFERENCE_WINDOW_FRAMES = 32000;

  /** Default context kept on each side of a window's kept middle (10.24 s). */
  public static final int DEFAULT_MARGIN_FRAMES = 1024;

  static final int HOP = ChunkConfig.WINDOW;
  static final int N_FFT = 1024;

  /**
   * One network call over mel frames {@code [start, start + length)}; of those, {@code
   * realFrames} are frames of the song's mel and the rest its reflection; output frames {@code
   * [keepFrom, keepTo)} (song coordinates) are kept.
   */
  public record Window(int start, int length, int realFrames, int keepFrom, int keepTo) {

    /** First sample (virtual index into the padded song; may be negative) of the STFT input. */
    public long audioStart() {
      return (long) HOP * start - N_FFT / 2;
    }

    /** STFT input samples: {@code 160·(realFrames − 1) + 1024}, giving realFrames frames. */
    public int audioLength() {
      return HOP * (realFrames - 1) + N_FFT;
    }

    /** Window-local mel frame that local frame j copies ({@code j} itself when j is real). */
    public int sourceFrame(int j) {
      return j < realFrames ? j : 2 * (realFrames - 1) - j;
    }

    /**
     * The padded song's samples this window's STFT ({@code center=false}) needs, reflected at
     * the song's ends as torch's centre padding does.
     */
    public float[] audio(float[] paddedSong) {
      return ReflectPad.slice(paddedSong, audioStart(), audioLength());
    }

    /** Kept range in window-local frames. */
    public int keepFromLocal() {
      return keepFrom - start;
    }

    public int keepToLocal() {
      return keepTo - start;
    }
  }

  private final int frames;
  private final List<Window> windows;

  private PitchWindows(int frames, List<Window> windows) {
    this.frames = frames;
    this.windows = List.copyOf(windows);
  }

  /** Mel frames of a padded song of {@code samples} samples ({@code 1 + L // 160}). */
  public static int framesOf(long samples) {
    return (int) (1 + samples / HOP);
  }

  /** The plan with the reference window and the default margin. */
  public static PitchWindows plan(int frames) {
    return plan(frames, REFERENCE_WINDOW_FRAMES, DEFAULT_MARGIN_FRAMES);
  }

  /**
   * @param frames the song's mel frames T
   * @param maxFrames longest window, a multiple of 32
   * @param margin frames of context on each side of a kept middle, a multiple of 32, with
   *     {@code 2·margin < maxFrames}
   */
  public static PitchWindows plan(int frames, int maxFrames, int margin) {
    if (frames < 1) {
      throw new IllegalArgumentException("no mel frames to plan: " + frames);
    }
    if (maxFrames <= 0 || maxFrames % FRAME_MULTIPLE != 0) {
      throw new IllegalArgumentException("window must be a positive multiple of 32: " + maxFrames);
    }
    if (margin < FRAME_MULTIPLE || margin % FRAME_MULTIPLE != 0 || 2 * margin >= maxFrames) {
      throw new IllegalArgumentException(
          "margin must be a multiple of 32, at least 32 and below half the window: "
              + margin + " for window " + maxFrames);
    }
    int padded = roundUp(frames);
    List<Window> out = new ArrayList<>();
    if (padded <= maxFrames) {
      out.add(new Window(0, padded, frames, 0, frames));
      return new PitchWindows(frames, out);
    }
    int stride = maxFrames - 2 * margin;
    List<Integer> starts = new ArrayList<>();
    for (int s = 0; s + maxFrames < padded; s += stride) {
      starts.add(s);
    }
    starts.add(padded - maxFrames);
    int keepFrom = 0;
    for (int k = 0; k < starts.size(); k++) {
      int start = starts.get(k);
      boolean last = k == starts.size() - 1;
      int keepTo;
      if (last) {
        keepTo = frames;
      } else {
        int nextStart = starts.get(k + 1);
        keepTo = nextStart + (start + maxFrames - nextStart) / 2; // middle of the overlap
      }
      int real = Math.min(maxFrames, frames - start);
      out.add(new Window(start, maxFrames, real, keepFrom, keepTo));
      keepFrom = keepTo;
    }
    return new PitchWindows(frames, out);
  }

  private static int roundUp(int frames) {
    return (frames + FRAME_MULTIPLE - 1) / FRAME_MULTIPLE * FRAME_MULTIPLE;
  }

  /** The song's mel frames T (the stitched length). */
  public int frames() {
    return frames;
  }

  public List<Window> windows() {
    return windows;
  }

  /**
   * Assembles the kept middles of the windows' outputs into the song's {@code [T, bins]}
   * salience.
   *
   * @param outputs per window, in order, its output rows in window-local frames (at least {@code
   *     keepToLocal()} rows)
   */
  public float[][] stitch(List<float[][]> outputs) {
    if (outputs.size() != windows.size()) {
      throw new IllegalArgumentException(
          "expected " + windows.size() + " window outputs, got " + outputs.size());
    }
    float[][] out = new float[frames][];
    for (int k = 0; k < windows.size(); k++) {
      Window w = windows.get(k);
      float[][] rows = outputs.get(k);
      if (rows.length < w.keepToLocal()) {
        throw new IllegalArgumentException(
            "window " + k + " has " + rows.length + " frames, needs " + w.keepToLocal());
      }
      for (int f = w.keepFrom(); f < w.keepTo(); f++) {
        out[f] = rows[f - w.start()];
      }
    }
    return out;
  }
}
