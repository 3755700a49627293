package io.rvcbeam.convert;

import ai.djl.ndarray.NDManager;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.NoiseSource;
import io.rvcbeam.models.SynthInput;
import io.rvcbeam.models.Synthesizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RVC per-segment step for a batch of chunks (rvc-spec.md §5–§8): content features →
 * retrieval blend → ×2 upsample → pitch slice and protect → synthesizer → trim.
 *
 * <p>Holds loaded models and no per-call state: one instance may serve every thread of a worker.
 *
 * <p>Each chunk goes through the networks on its own. A batched matrix product rounds a row
 * differently depending on what else is in the batch (measured: 1e-6, i.e. 138 dB, but not the
 * same bytes), and a catalogue must write the same bytes whichever chunks a runner happened to
 * batch together, on a retry, a resume or another runner. A batch still saves the per-call
 * overhead of the pipeline; batched network calls for GPUs would trade that guarantee away.
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
   * Converts a batch of chunks.
   *
   * @param trim output samples dropped at each end of every chunk ({@code t_pad_tgt})
   * @return per chunk, its trimmed output at {@link #sampleRate()}
   * @throws IllegalArgumentException for a chunk too short for one content frame
   * @throws ArithmeticException if the synthesizer produced a non-finite sample
   */
  public List<float[]> convert(
      List<ChunkInput> chunks, ConversionSettings settings, int trim, Profiler profiler) {
    if (chunks.isEmpty()) {
      return List.of();
    }
    float[][] content = new float[chunks.size()][];
    for (int i = 0; i < chunks.size(); i++) {
      float[] audio = chunks.get(i).audio();
      content[i] = profiler.time("content",
          () -> flatten(encoder.encode(new float[][] {audio}, features)[0])); // [T_h·C]
    }
    boolean pitch = synthesizer.config().pitch();
    boolean useIndex = retrieval != null && settings.usesIndex();
    List<SynthInput.Item> items = new ArrayList<>(chunks.size());
    List<NoiseSource> noise = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      ChunkInput chunk = chunks.get(i);
      float[] feats0 = content[i]; // [T_h, C], before retrieval
      float[] feats = useIndex
          ? profiler.time("retrieval", () -> retrieval.blend(feats0, settings.indexRate()))
          : feats0;
      int frames = FeatureUpsampler.synthFrames(chunk.audio().length); // p_len = 2·T_h
      float[] phone = FeatureUpsampler.upsample2x(feats, width); // [p_len, C]
      long[] coarse = null;
      float[] pitchf = null;
      if (pitch) {
        coarse = Arrays.copyOf(chunk.coarse(), frames);
        pitchf = Arrays.copyOf(chunk.pitchf(), frames);
        // Without an index feats == feats0, but the reference still blends (float rounding).
        if (settings.usesProtect()) {
          phone = FeatureUpsampler.protect(phone, FeatureUpsampler.upsample2x(feats0, width),
              pitchf, width, (float) settings.protect());
        }
      }
      items.add(new SynthInput.Item(phone, frames, coarse, pitchf, settings.sid()));
      noise.add(chunk.noise());
    }
    float[][] audio = new float[items.size()][];
    for (int i = 0; i < items.size(); i++) {
      SynthInput one = SynthInput.of(items.get(i));
      List<NoiseSource> draws = List.of(noise.get(i));
      audio[i] = profiler.time("synthesizer", () -> {
        try (NDManager call = NDManager.newBaseManager(synthesizer.device())) {
          return synthesizer.infer(call, one, draws)[0];
        }
      });
    }
    List<float[]> out = new ArrayList<>(chunks.size());
    for (int i = 0; i < audio.length; i++) {
      float[] y = audio[i];
      for (float v : y) {
        if (!Float.isFinite(v)) {
          throw new ArithmeticException("voice model " + synthesizer.source()
              + " produced a non-finite sample (NaN or infinity) in chunk " + i + " of the batch");
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
