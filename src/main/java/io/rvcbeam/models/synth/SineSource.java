package io.rvcbeam.models.synth;

/**
 * The NSF harmonic source {@code m_source} for one item (docs/algorithm.md §8.6: harmonic_num 0, sine_amp 0.1,
 * noise_std 0.003, voiced threshold 0), computed on the host in float32 with the reference's
 * operation order.
 *
 * <p>The phase restarts each frame from {@code C[j]}, a wrapped running sum of per-frame end
 * phases; PyTorch's CPU cumsum keeps a double accumulator and rounds each prefix to float32 on
 * store, which is what {@link #framePhaseOffsets} does.
 */
public final class SineSource {

  private static final float SINE_AMP = 0.1f;
  private static final float VOICED_NOISE = 0.003f;
  private static final float UNVOICED_NOISE = (float) (0.1 / 3);

  private final int sampleRate;
  private final int upp;
  private final float linearWeight;
  private final float linearBias;

  public SineSource(int sampleRate, int upp, float linearWeight, float linearBias) {
    this.sampleRate = sampleRate;
    this.upp = upp;
    this.linearWeight = linearWeight;
    this.linearBias = linearBias;
  }

  public int upp() {
    return upp;
  }

  /**
   * @param f0 frame-rate pitch in Hz (0 = unvoiced), length T
   * @param noise standard-normal draws, length T·upp (the reference's third draw)
   * @return {@code tanh(w·(sine·uv + noise·σ(uv)) + b)}, length T·upp
   */
  public float[] harmonic(float[] f0, float[] noise) {
    int t = f0.length;
    if (noise.length != t * upp) {
      throw new IllegalArgumentException(
          "source noise has " + noise.length + " values, expected " + (long) t * upp);
    }
    float[] offsets = framePhaseOffsets(f0);
    float twoPi = (float) (2 * Math.PI);
    float[] out = new float[t * upp];
    for (int j = 0; j < t; j++) {
      float step = f0[j] / sampleRate;
      boolean voiced = f0[j] > 0;
      for (int k = 1; k <= upp; k++) {
        int n = j * upp + k - 1;
        float phase = step * (float) k + offsets[j];
        float sine = (float) Math.sin(twoPi * phase) * SINE_AMP;
        float uv = voiced ? 1f : 0f;
        float amp = uv * VOICED_NOISE + (1f - uv) * UNVOICED_NOISE;
        float src = sine * uv + amp * noise[n];
        out[n] = (float) Math.tanh(src * linearWeight + linearBias);
      }
    }
    return out;
  }

  /** {@code C[0] = 0}, {@code C[j] = fmod(cumsum_{i<j} rem[i], 1)} in float32 semantics. */
  float[] framePhaseOffsets(float[] f0) {
    int t = f0.length;
    float[] c = new float[t];
    double acc = 0;
    for (int j = 1; j < t; j++) {
      float end = (f0[j - 1] / sampleRate) * (float) upp;
      float rem = fmod(end + 0.5f, 1f) - 0.5f;
      acc += rem;
      c[j] = fmod((float) acc, 1f);
    }
    return c;
  }

  /** C fmod: the result has the sign of the dividend. */
  private static float fmod(float a, float b) {
    return a % b;
  }
}
