package io.rvcbeam.convert;

import io.rvcbeam.models.NoiseSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks on this device that a {@link BatchPlan} keeps its promise: a probe chunk converted
 * alone in a call, and in every slot of calls filled with random neighbours, gives the same
 * bytes. A GPU library may pick kernels that reduce across the batch or treat slots unevenly
 * (split reductions, tiles that straddle slots); the fixed shape alone cannot rule that out, so
 * a job on a GPU checks before it trusts batching, and falls back to one chunk per call if the
 * bytes differ anywhere.
 *
 * <p>Per bucket three calls: the probe alone, the probe in the even slots with neighbours in the
 * odd ones, then the reverse; every slot holds the probe once beside random neighbours.
 */
public final class SlotInvarianceCheck {

  private static final Logger LOG = LoggerFactory.getLogger(SlotInvarianceCheck.class);
  private static final long SEED = 0x5107L;

  /** Converts chunks in the calls of a plan ({@link VoiceConverter#convert}, untrimmed). */
  @FunctionalInterface
  public interface Conversion {
    List<float[]> convert(List<VoiceConverter.ChunkInput> chunks, BatchPlan plan);
  }

  private SlotInvarianceCheck() {}

  /**
   * {@code plan} if it keeps chunks' bytes independent of their slot and neighbours for {@code
   * voice} on its device, else {@link BatchPlan#single} with one warning saying why.
   */
  public static BatchPlan verified(VoiceConverter voice, BatchPlan plan) {
    ConversionSettings settings = ConversionSettings.defaults();
    return verified((chunks, p) -> voice.convert(chunks,
        java.util.Collections.nCopies(chunks.size(), settings), 0, p, Profiler.disabled()),
        plan, "voice model " + voice.synthesizer().source() + " on "
            + voice.synthesizer().device());
  }

  /** As {@link #verified(VoiceConverter, BatchPlan)} through {@code conversion}. */
  static BatchPlan verified(Conversion conversion, BatchPlan plan, String what) {
    if (!plan.padded()) {
      return plan;
    }
    long start = System.nanoTime();
    String failure = firstDifference(conversion, plan);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure != null) {
      LOG.warn("Batching is off for {}: a chunk's bytes depend on its slot in a batch on this "
          + "device ({}); converting one chunk per call instead of {}", what, failure,
          plan.slots());
      return BatchPlan.single();
    }
    LOG.info(String.format("Batch self-check passed for %s (%s) in %.1f s", what, plan,
        seconds));
    return plan;
  }

  /**
   * Runs the check through {@code conversion}.
   *
   * @return where the bytes first differ, or null if they never do
   */
  public static String firstDifference(Conversion conversion, BatchPlan plan) {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int bucket = 0; bucket < plan.lengths().length; bucket++) {
      int length = plan.length(bucket);
      int shortest = bucket == 0 ? 400 : plan.length(bucket - 1) + 1;
      float[] probeAudio = audio(random, length);
      float[] probePitch = pitch(random, length);
      float[] alone = conversion.convert(List.of(probe(probeAudio, probePitch)), plan).get(0);
      for (int parity = 0; parity < 2; parity++) {
        List<VoiceConverter.ChunkInput> call = new ArrayList<>();
        for (int slot = 0; slot < plan.slots(); slot++) {
          if (slot % 2 == parity) {
            call.add(probe(probeAudio, probePitch));
          } else {
            int n = shortest + random.nextInt(length - shortest + 1);
            call.add(chunk(audio(random, n), pitch(random, n), NoiseSource.seeded(
                random.nextLong(), "neighbour", random.nextInt(1000))));
          }
        }
        List<float[]> out = conversion.convert(call, plan);
        for (int slot = parity; slot < plan.slots(); slot += 2) {
          if (!Arrays.equals(alone, out.get(slot))) {
            return "bucket of " + length + " samples, slot " + slot + ": max difference "
                + maxDifference(alone, out.get(slot)) + " from the chunk alone";
          }
        }
      }
    }
    return null;
  }

  private static VoiceConverter.ChunkInput probe(float[] audio, float[] f0) {
    return chunk(audio, f0, NoiseSource.seeded(SEED, "probe", 0));
  }

  private static VoiceConverter.ChunkInput chunk(float[] audio, float[] f0, NoiseSource noise) {
    double[] wide = new double[f0.length];
    for (int i = 0; i < f0.length; i++) {
      wide[i] = f0[i];
    }
    PitchPostProcessor.Pitch pitch =
        PitchPostProcessor.process(wide, ConversionSettings.defaults());
    return new VoiceConverter.ChunkInput(audio, pitch.coarse(), pitch.pitchfSlice(0,
        pitch.length()), noise);
  }

  /** Noise with a moving tone, at a speech-like level. */
  private static float[] audio(SplittableRandom random, int length) {
    float[] x = new float[length];
    double f = 100 + 300 * random.nextDouble();
    for (int i = 0; i < length; i++) {
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f * i / ChunkConfig.SAMPLE_RATE)
          + 0.05 * (random.nextDouble() - 0.5));
    }
    return x;
  }

  /** A pitch frame per 160 samples: voiced stretches of random pitch, some unvoiced. */
  private static float[] pitch(SplittableRandom random, int length) {
    float[] f0 = new float[length / ChunkConfig.WINDOW + 1];
    for (int t = 0; t < f0.length; t++) {
      f0[t] = random.nextInt(5) == 0 ? 0f : (float) (80 + 400 * random.nextDouble());
    }
    return f0;
  }

  private static float maxDifference(float[] a, float[] b) {
    if (a.length != b.length) {
      return Float.POSITIVE_INFINITY;
    }
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
