package io.rvcbeam.convert;

import ai.djl.ndarray.NDManager;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.NoiseSource;
import io.rvcbeam.models.SynthInput;
import io.rvcbeam.models.Synthesizer;
import io.rvcbeam.nn.HostHeap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The RVC per-segment step for a batch of chunks (docs/algorithm.md §5–§8): content features →
 * retrieval blend → ×2 upsample → pitch slice and protect → synthesizer → trim.
 *
 * <p>Holds loaded models and no per-call state: one instance may serve every thread of a worker.
 *
 * <p>How chunks share the networks is a {@link BatchPlan}. With one slot each chunk runs alone
 * at its own length. With more, every network call has the plan's fixed shape (slots × a bucket
 * length), chunks padded and masked, empty slots zero: a batched matrix product rounds a row
 * differently when the shape changes, so the shape never depends on which chunks a runner
 * happened to group, and a catalogue writes the same bytes on a retry, a resume or another
 * runner. Per-chunk work (retrieval, pitch, protect, noise, trim) runs on each chunk alone, with
 * the chunk's own settings, so chunks of songs with different settings share a call.
 */
public final class VoiceConverter {

  /**
   * One chunk of a song.
   *
   * @param audio the chunk's samples of the reflect-padded, high-passed 16 kHz song
   * @param coarse coarse pitch bins of its pitch slice (at least {@code p_len} frames; ignored
   *     by models without pitch)
   * @param pitchf shifted f0 in Hz of the same slice
   * @param noise the synthesizer's draws for this chunk
   */
  public record ChunkInput(float[] audio, long[] coarse, float[] pitchf, NoiseSource noise) {}

  private final ContentEncoder encoder;
  private final Synthesizer synthesizer;
  private final Retrieval retrieval;
  private final ContentEncoder.Features features;
  private final int width;

  /**
   * @param retrieval the voice's index, or null for none
   * @throws IllegalArgumentException if the encoder's or the index's width is not the model's
   */
  public VoiceConverter(ContentEncoder encoder, Synthesizer synthesizer, Retrieval retrieval) {
    this.encoder = encoder;
    this.synthesizer = synthesizer;
    this.retrieval = retrieval;
    this.features = ContentEncoder.Features.forVersion(synthesizer.config().version());
    this.width = synthesizer.config().phoneDim();
    if (encoder.width(features) != width) {
      throw new IllegalArgumentException("content encoder " + encoder.source() + " gives "
          + encoder.width(features) + "-wide features but voice model " + synthesizer.source()
          + " needs " + width);
    }
    if (retrieval != null && retrieval.width() != width) {
      throw new IllegalArgumentException("index is " + retrieval.width()
          + " wide but voice model " + synthesizer.source() + " needs " + width);
    }
  }

  public Synthesizer synthesizer() {
    return synthesizer;
  }

  public int sampleRate() {
    return synthesizer.sampleRate();
  }

  /**
   * Converts chunks of one song's settings, each alone ({@link BatchPlan#single}).
   *
   * @param trim output samples dropped at each end of every chunk ({@code t_pad_tgt})
   * @return per chunk, its trimmed output at {@link #sampleRate()}
   * @throws IllegalArgumentException for a chunk too short for one content frame
   * @throws ArithmeticException if the synthesizer produced a non-finite sample
   */
  public List<float[]> convert(
      List<ChunkInput> chunks, ConversionSettings settings, int trim, Profiler profiler) {
    return convert(chunks, Collections.nCopies(chunks.size(), settings), trim,
        BatchPlan.single(), profiler);
  }

  /**
   * Converts chunks in the network calls of {@code plan}: grouped by bucket in their order, each
   * group in calls of {@code plan.slots()} slots.
   *
   * @param settings per chunk, its song's settings
   * @param trim output samples dropped at each end of every chunk ({@code t_pad_tgt})
   * @return per chunk, in order, its trimmed output at {@link #sampleRate()}
   * @throws IllegalArgumentException for a chunk too short for one content frame, or longer than
   *     the plan's longest bucket
   * @throws ArithmeticException if the synthesizer produced a non-finite sample
   */
  public List<float[]> convert(List<ChunkInput> chunks, List<ConversionSettings> settings,
      int trim, BatchPlan plan, Profiler profiler) {
    if (settings.size() != chunks.size()) {
      throw new IllegalArgumentException(settings.size() + " settings for " + chunks.size()
          + " chunks");
    }
    float[][] out = new float[chunks.size()][];
    // A decoder without slot masks (MRF HiFi-GAN, RefineGAN) converts each chunk alone.
    if (!plan.padded() || !synthesizer.batchesPadded()) {
      for (int i = 0; i < chunks.size(); i++) {
        out[i] = convertCall(chunks, settings, List.of(i), 1, 0, trim, profiler).get(0);
      }
      return Arrays.asList(out);
    }
    for (BatchPlan.Call call : plan.calls(chunks.size(), i -> chunks.get(i).audio().length)) {
      List<float[]> converted = convertCall(chunks, settings, call.chunks(), plan.slots(),
          plan.length(call.bucket()), trim, profiler);
      for (int j = 0; j < call.chunks().size(); j++) {
        out[call.chunks().get(j)] = converted.get(j);
      }
    }
    return Arrays.asList(out);
  }

  /**
   * One network call for the chunks {@code members}: alone at their own length ({@code length}
   * 0, one member), or in {@code slots} slots of {@code length} samples.
   */
  private List<float[]> convertCall(List<ChunkInput> chunks, List<ConversionSettings> settings,
      List<Integer> members, int slots, int length, int trim, Profiler profiler) {
    int n = members.size();
    float[][] audio = new float[n][];
    for (int j = 0; j < n; j++) {
      audio[j] = chunks.get(members.get(j)).audio();
    }
    float[][][] encoded = profiler.time("content", () -> length == 0
        ? encoder.encode(audio, features)
        : encoder.encodePadded(audio, slots, length, features));
    HostHeap.trim();
    boolean pitch = synthesizer.config().pitch();
    List<SynthInput.Item> items = new ArrayList<>(n);
    List<NoiseSource> noise = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      ChunkInput chunk = chunks.get(members.get(j));
      ConversionSettings s = settings.get(members.get(j));
      float[] feats0 = flatten(encoded[j]); // [T_h, C], before retrieval
      encoded[j] = null;
      float[] feats = retrieval != null && s.usesIndex()
          ? profiler.time("retrieval", () -> retrieval.blend(feats0, s.indexRate()))
          : feats0;
      int frames = FeatureUpsampler.synthFrames(chunk.audio().length); // p_len = 2·T_h
      float[] phone = FeatureUpsampler.upsample2x(feats, width); // [p_len, C]
      long[] coarse = null;
      float[] pitchf = null;
      if (pitch) {
        coarse = Arrays.copyOf(chunk.coarse(), frames);
        pitchf = Arrays.copyOf(chunk.pitchf(), frames);
        // Without an index feats == feats0, but the reference still blends (float rounding).
        if (s.usesProtect()) {
          phone = FeatureUpsampler.protect(phone, FeatureUpsampler.upsample2x(feats0, width),
              pitchf, width, (float) s.protect());
        }
      }
      items.add(new SynthInput.Item(phone, frames, coarse, pitchf, s.sid()));
      noise.add(chunk.noise());
    }
    float[][] waves = profiler.time("synthesizer", () -> {
      try (NDManager call = NDManager.newBaseManager(synthesizer.device())) {
        return length == 0
            ? synthesizer.infer(call, new SynthInput(items), noise)
            : synthesizer.inferPadded(call, items, noise, slots,
                FeatureUpsampler.synthFrames(length));
      }
    });
    HostHeap.trim();
    List<float[]> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      float[] y = waves[j];
      for (float v : y) {
        if (!Float.isFinite(v)) {
          throw new ArithmeticException("voice model " + synthesizer.source()
              + " produced a non-finite sample (NaN or infinity) in chunk " + members.get(j)
              + " of the batch");
        }
      }
      int keep = Math.max(0, y.length - 2 * trim);
      out.add(keep == 0 ? new float[0] : Arrays.copyOfRange(y, trim, trim + keep));
    }
    return out;
  }

  private static float[] flatten(float[][] rows) {
    int c = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * c];
    for (int t = 0; t < rows.length; t++) {
      System.arraycopy(rows[t], 0, flat, t * c, c);
    }
    return flat;
  }
}
