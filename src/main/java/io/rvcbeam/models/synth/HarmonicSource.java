package io.rvcbeam.models.synth;

/**
 * The per-sample harmonic source of the MRF HiFi-GAN and RefineGAN decoders: sines at f0 and its
 * first {@code dim − 1} multiples, each with its own random start phase (the fundamental's is
 * zero), plus noise, merged by a linear layer and tanh. Sine amplitude 0.1, noise σ 0.003 where
 * voiced and 0.1/3 where not, voiced means f0 > 0.
 *
 * <p>Computed on the host in float32 with the reference's operation order. Phases accumulate per
 * sample; PyTorch's CPU cumsum adds in double and rounds each prefix to float32, and so does this.
 * The reference subtracts 1 from the phase increment wherever the wrapped running phase falls,
 * which keeps the second running sum small.
 */
public final class HarmonicSource {

  private static final float SINE_AMP = 0.1f;
  private static final float VOICED_NOISE = 0.003f;
  private static final float TWO = 2f;
  private static final float PI = (float) Math.PI;

  private final int sampleRate;
  private final float[] weight; // [dim]
  private final float bias;

  /**
   * @param weight the merging layer's weight, one per harmonic (its length is {@code dim})
   * @param bias its bias (0 for RefineGAN's bias-free layer)
   */
  public HarmonicSource(int sampleRate, float[] weight, float bias) {
    this.sampleRate = sampleRate;
    this.weight = weight.clone();
    this.bias = bias;
  }

  /** Sines per sample: the fundamental and its harmonics. */
  public int dim() {
    return weight.length;
  }

  /**
   * @param f0 pitch per output sample in Hz, L values
   * @param startPhase uniform draws [1, dim]; the fundamental's is ignored (the reference zeroes it)
   * @param noise normal draws [1, L, dim], C order
   * @return L values of {@code tanh(Σ_h w_h·(sine_h·uv + σ(uv)·noise_h) + b)}
   */
  public float[] excitation(float[] f0, float[] startPhase, float[] noise) {
    int len = f0.length;
    int dim = dim();
    if (startPhase.length != dim || noise.length != (long) len * dim) {
      throw new IllegalArgumentException("harmonic source draws: " + startPhase.length + " phases and "
          + noise.length + " noise values for " + len + " samples × " + dim + " sines");
    }
    float[] merged = new float[len];
    for (int h = 0; h < dim; h++) {
      float multiple = h + 1;
      float start = h == 0 ? 0f : startPhase[h];
      double wrappedSum = 0;
      double phaseSum = 0;
      float previous = 0;
      for (int n = 0; n < len; n++) {
        float step = unitRemainder(f0[n] * multiple / sampleRate);
        if (n == 0) {
          step += start;
        }
        wrappedSum += step;
        float wrapped = unitRemainder((float) wrappedSum);
        float shift = n > 0 && wrapped - previous < 0 ? -1f : 0f;
        previous = wrapped;
        phaseSum += step + shift;
        float phase = (float) phaseSum;
        float sine = (float) Math.sin(phase * TWO * PI) * SINE_AMP;
        float uv = f0[n] > 0 ? 1f : 0f;
        float amp = uv * VOICED_NOISE + (1f - uv) * SINE_AMP / 3f;
        float value = sine * uv + amp * noise[n * dim + h];
        merged[n] += value * weight[h];
      }
    }
    for (int n = 0; n < len; n++) {
      merged[n] = (float) Math.tanh(merged[n] + bias);
    }
    return merged;
  }

  /** Python's {@code x % 1} for a float32 {@code x} ≥ 0. */
  private static float unitRemainder(float x) {
    return x - (float) Math.floor(x);
  }
}
