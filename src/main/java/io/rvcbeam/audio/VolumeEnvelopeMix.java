package io.rvcbeam.audio;

import java.util.stream.IntStream;

/**
 * RVC's volume-envelope mix ({@code change_rms}, docs/algorithm.md §9.2): gives the converted audio a blend
 * of the input's loudness curve and its own, {@code out = target · rms1^(1 − rate) · max(rms2,
 * 1e-6)^(rate − 1)}, where rms1 is the curve of the (high-passed, 16 kHz) source and rms2 that of
 * the target, both stretched linearly to the target's length. {@code rate = 1} keeps the target's
 * own envelope (the reference skips the mix then); {@code rate = 0} imposes the source's.
 */
public final class VolumeEnvelopeMix {

  private static final int BLOCK = 1 << 16;

  private VolumeEnvelopeMix() {}

  /**
   * @param source the high-passed input audio, unpadded (RVC: 16 kHz, float64)
   * @param sourceRate its sample rate
   * @param target the converted audio (float32)
   * @param targetRate its sample rate (the voice model's)
   * @param rate RVC's {@code rms_mix_rate} / {@code volume_envelope}, in [0, 1]
   * @return a new array; {@code target} itself is returned when {@code rate == 1}
   */
  public static float[] apply(
      double[] source, int sourceRate, float[] target, int targetRate, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("volume envelope rate must be in [0, 1]: " + rate);
    }
    if (rate == 1 || target.length == 0) {
      return target;
    }
    return applyEnvelope(RmsEnvelope.of(source, sourceRate), target, targetRate, rate);
  }

  /**
   * The same mix with the source's RMS frames ({@link RmsEnvelope#of}) given instead of the
   * source, so a caller need not keep the source audio until the target exists.
   */
  public static float[] applyEnvelope(
      float[] sourceRms, float[] target, int targetRate, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("volume envelope rate must be in [0, 1]: " + rate);
    }
    if (rate == 1 || target.length == 0) {
      return target;
    }
    return mix(sourceRms, target, targetRate, rate, new float[target.length]);
  }

  /**
   * {@link #applyEnvelope} writing the mixed samples over {@code target} (each sample's gain
   * depends on the curves and on that sample alone): no second song-length array.
   *
   * @return {@code target}
   */
  public static float[] applyEnvelopeInPlace(
      float[] sourceRms, float[] target, int targetRate, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("volume envelope rate must be in [0, 1]: " + rate);
    }
    if (rate == 1 || target.length == 0) {
      return target;
    }
    return mix(sourceRms, target, targetRate, rate, target);
  }

  private static float[] mix(
      float[] sourceRms, float[] target, int targetRate, double rate, float[] out) {
    float[] targetRms = RmsEnvelope.of(target, targetRate); // before out may overwrite target
    float e1 = (float) (1 - rate);
    float e2 = (float) (rate - 1);
    // The per-sample work (two curve interpolations, two pow) is most of a GPU conversion's host
    // time; samples are independent, so blocks run in parallel. Interpolating the curves per block
    // also saves two song-length arrays.
    int blocks = (out.length + BLOCK - 1) / BLOCK;
    IntStream.range(0, blocks).parallel().forEach(b -> {
      int from = b * BLOCK;
      int to = Math.min(out.length, from + BLOCK);
      float[] rms1 = new float[to - from];
      float[] rms2 = new float[to - from];
      RmsEnvelope.interpolate(sourceRms, out.length, from, to, rms1);
      RmsEnvelope.interpolate(targetRms, out.length, from, to, rms2);
      for (int i = from; i < to; i++) {
        float r2 = Math.max(rms2[i - from], 1e-6f);
        float gain = (float) Math.pow(rms1[i - from], e1) * (float) Math.pow(r2, e2);
        out[i] = target[i] * gain;
      }
    });
    return out;
  }
}
