package io.rvcbeam.audio;

/**
 * Frame-wise RMS loudness curve as {@code librosa.feature.rms(y, frame_length = sr // 2 · 2,
 * hop_length = sr // 2)} (librosa 0.11: {@code center=True} with zero padding of half a frame on
 * each side, samples squared in float32, result float32), and its linear stretch to a sample count
 * as {@code torch.nn.functional.interpolate(mode="linear", align_corners=False)}.
 *
 * <p>The squares are accumulated in float64 (numpy sums them pairwise in float32); the curves agree
 * to a few float32 ulps.
 */
public final class RmsEnvelope {

  private RmsEnvelope() {}

  /** RMS per half-second hop of {@code y} (sampled at {@code sampleRate}); 1 + len / hop frames. */
  public static float[] of(double[] y, int sampleRate) {
    float[] f = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      f[i] = (float) y[i];
    }
    return of(f, sampleRate);
  }

  /** RMS per half-second hop of {@code y} (sampled at {@code sampleRate}); 1 + len / hop frames. */
  public static float[] of(float[] y, int sampleRate) {
    int hop = sampleRate / 2;
    int frame = hop * 2;
    if (hop < 1) {
      throw new IllegalArgumentException("sample rate too low: " + sampleRate);
    }
    int pad = frame / 2;
    int paddedLength = y.length + 2 * pad;
    int frames = 1 + (paddedLength - frame) / hop;
    float[] rms = new float[frames];
    for (int t = 0; t < frames; t++) {
      // Frame t covers padded[t·hop, t·hop + frame) = y[t·hop − pad, t·hop − pad + frame).
      int from = Math.max(0, t * hop - pad);
      int to = Math.min(y.length, t * hop - pad + frame);
      double sum = 0;
      for (int i = from; i < to; i++) {
        float s = y[i];
        sum += s * s;
      }
      rms[t] = (float) Math.sqrt((float) (sum / frame));
    }
    return rms;
  }

  /**
   * {@code curve} stretched to {@code length} points by linear interpolation with
   * half-sample-centred positions (torch {@code align_corners=False}), in float32 as torch does.
   */
  public static float[] interpolate(float[] curve, int length) {
    float[] out = new float[length];
    interpolate(curve, length, 0, length, out);
    return out;
  }

  /** Points [from, to) of {@link #interpolate(float[], int)}, into {@code out[0, to - from)}. */
  static void interpolate(float[] curve, int length, int from, int to, float[] out) {
    int n = curve.length;
    if (n == 0) {
      throw new IllegalArgumentException("empty curve");
    }
    float scale = (float) n / (float) length;
    for (int i = from; i < to; i++) {
      float src = (float) (scale * (i + 0.5) - 0.5);
      if (src < 0) {
        src = 0;
      }
      int i0 = (int) src;
      int i1 = Math.min(i0 + 1, n - 1);
      float lambda1 = Math.min(Math.max(src - i0, 0f), 1f);
      float lambda0 = 1f - lambda1;
      out[i - from] = lambda0 * curve[i0] + lambda1 * curve[i1];
    }
  }
}
