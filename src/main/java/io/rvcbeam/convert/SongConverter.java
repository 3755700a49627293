package io.rvcbeam.convert;

import io.rvcbeam.audio.HighPassedSong;
import io.rvcbeam.models.PitchEstimator;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * RVC's whole per-song algorithm (docs/algorithm.md §1.1) in one process, for {@code rvc-beam
 * convert} and {@code rvc-beam benchmark}: {@link LimitAndHighPass}, {@link ChunkPlan}, {@link
 * PitchTrack} and {@link PitchPostProcessor} over the whole song, the chunks through {@link
 * VoiceConverter} in batches written straight into the output, then {@link Stitch}. The {@code
 * run} pipeline calls the same step objects from its stages (package {@code components}); this
 * class only sequences them for a song held in memory.
 *
 * <p>Stateless apart from the loaded models; safe to share between threads.
 */
public final class SongConverter {

  /**
   * A song ready for conversion: its filtered audio (float32), chunk plan and per-chunk inputs
   * (made when read, so a song's chunks are never all held at once).
   */
  public record PreparedSong(
      float[] filtered, ChunkPlan plan, List<VoiceConverter.ChunkInput> chunks) {}

  private static final LimitAndHighPass CONDITION = new LimitAndHighPass();
  private static final SourceEnvelope ENVELOPE = new SourceEnvelope();

  private final PitchTrack pitchTrack;
  private final VoiceConverter voice;
  private final Stitch stitch;
  private final ChunkConfig chunkConfig;
  private final BatchPlan batchPlan;

  /**
   * @param pitchModel RMVPE; may be null for a voice model without pitch guidance
   * @param batchSize chunks per network call ({@code RVC_BATCH_SIZE})
   */
  public SongConverter(
      PitchEstimator pitchModel, VoiceConverter voice, ChunkConfig chunkConfig, int batchSize) {
    this(pitchModel, voice, chunkConfig, BatchPlan.of(chunkConfig, batchSize));
  }

  /** A loaded voice with its own batch plan and {@code loader}'s chunking. */
  public static SongConverter of(
      PitchEstimator pitchModel, LoadedVoice voice, VoiceLoader loader) {
    return new SongConverter(
        pitchModel, voice.converter(), loader.chunkConfig(), voice.batchPlan());
  }

  /** @param batchPlan how chunks share network calls (made for {@code chunkConfig}) */
  public SongConverter(
      PitchEstimator pitchModel, VoiceConverter voice, ChunkConfig chunkConfig,
      BatchPlan batchPlan) {
    if (pitchModel == null && voice.synthesizer().config().pitch()) {
      throw new IllegalArgumentException(
          "voice model " + voice.synthesizer().source() + " uses pitch: an RMVPE model is needed");
    }
    this.pitchTrack = pitchModel == null ? null : new PitchTrack(pitchModel, chunkConfig);
    this.voice = voice;
    this.stitch = new Stitch(voice.sampleRate());
    this.chunkConfig = chunkConfig;
    this.batchPlan = batchPlan;
  }

  public BatchPlan batchPlan() {
    return batchPlan;
  }

  public int sampleRate() {
    return voice.sampleRate();
  }

  /**
   * Converts a song.
   *
   * @param audio16k mono 16 kHz samples as decoded (float64)
   * @param songId names the song in noise seeds and errors
   * @param progress told the number of chunks done after each batch (may be null)
   * @return the converted song at {@link #sampleRate()}, peak-limited to 0.99
   */
  public float[] convert(double[] audio16k, String songId, ConversionSettings settings,
      Profiler profiler, IntConsumer progress) {
    return convert(prepare(audio16k, songId, settings, profiler), settings, profiler, progress);
  }

  /**
   * Converts a song already {@link #prepare prepared}: its chunks in batches, each batch's
   * output written straight into the song's output array, then the RMS mix and peak limit in
   * place. What grows with the song is its float32 input and output, once each.
   *
   * @param progress told the number of chunks done after each batch (may be null)
   */
  public float[] convert(PreparedSong song, ConversionSettings settings, Profiler profiler,
      IntConsumer progress) {
    List<VoiceConverter.ChunkInput> chunks = song.chunks();
    int trim = song.plan().trimSamples(sampleRate());
    float[] out = new float[expectedLength(song.plan())];
    float[][] converted = new float[chunks.size()][];
    int at = 0;
    int next = 0; // the first chunk not yet in out
    int done = 0;
    List<BatchPlan.Call> calls =
        batchPlan.calls(chunks.size(), i -> chunks.get(i).audio().length);
    for (BatchPlan.Call networkCall : calls) {
      List<Integer> call = networkCall.chunks();
      List<VoiceConverter.ChunkInput> batch = new ArrayList<>(call.size());
      for (int i : call) {
        batch.add(chunks.get(i));
      }
      List<float[]> pieces = voice.convert(batch,
          Collections.nCopies(batch.size(), settings), trim, batchPlan, profiler);
      for (int j = 0; j < call.size(); j++) {
        converted[call.get(j)] = pieces.get(j);
      }
      // Chunks done in song order go into the output at once, so their pieces are not held.
      while (next < converted.length && converted[next] != null) {
        float[] piece = converted[next];
        converted[next++] = null;
        if (at + piece.length > out.length) {
          out = Arrays.copyOf(out, at + piece.length); // only if a model's hop is unusual
        }
        System.arraycopy(piece, 0, out, at, piece.length);
        at += piece.length;
      }
      done += call.size();
      if (progress != null) {
        progress.accept(done);
      }
    }
    if (at != out.length) {
      out = Arrays.copyOf(out, at);
    }
    return mixAndLimit(song.filtered(), out, settings, profiler);
  }

  /**
   * Normalisation, high-pass, chunk plan, pitch and the chunks' inputs. The high-passed song is
   * held once, as float32 ({@link HighPassedSong}); the chunk plan reads its exact float64
   * values, the pitch windows and the chunks read it through the reflect padding.
   */
  public PreparedSong prepare(
      double[] audio16k, String songId, ConversionSettings settings, Profiler profiler) {
    if (audio16k.length == 0) {
      throw new IllegalArgumentException(songId + ": the song has no samples");
    }
    HighPassedSong highPassed = profiler.time("highpass", () -> CONDITION.apply(audio16k));
    ChunkPlan plan = ChunkPlan.of(highPassed, chunkConfig);
    float[] filtered = highPassed.samples();
    int pad = chunkConfig.tPad();
    PitchPostProcessor.Pitch pitch = null;
    if (voice.synthesizer().config().pitch()) {
      double[] f0 = profiler.time("pitch", () -> pitchTrack.apply(filtered));
      pitch = PitchPostProcessor.process(f0, settings);
    }
    PitchPostProcessor.Pitch p = pitch;
    List<VoiceConverter.ChunkInput> chunks = new AbstractList<>() {
      @Override
      public VoiceConverter.ChunkInput get(int i) {
        ChunkPlan.Chunk c = plan.chunks().get(i);
        return ChunkInputs.of(c.samples(filtered, pad), p, c.pitchStart(), c.pitchEnd(),
            settings, songId, c.index());
      }

      @Override
      public int size() {
        return plan.chunks().size();
      }
    };
    return new PreparedSong(filtered, plan, chunks);
  }

  /** The chunks {@link #prepare} cuts this song into (high-pass and plan only; no networks). */
  public ChunkPlan plan(double[] audio16k) {
    return ChunkPlan.of(CONDITION.apply(audio16k), chunkConfig);
  }

  /**
   * {@link Stitch} of the trimmed chunk outputs (concatenation, RMS-envelope mix, 0.99 peak
   * limit), for callers that convert the chunks themselves.
   */
  public float[] finish(float[] filtered, List<float[]> pieces, ConversionSettings settings,
      Profiler profiler) {
    return mixAndLimit(filtered, Stitch.concatenate(pieces), settings, profiler);
  }

  /**
   * The song's output length if every chunk yields {@code synthFrames} × the model's samples per
   * frame, as the NSF-HiFiGAN decoders do.
   */
  private int expectedLength(ChunkPlan plan) {
    long total = 0;
    int perFrame = sampleRate() / 100;
    for (ChunkPlan.Chunk c : plan.chunks()) {
      total += plan.trimmedLength(c.synthFrames() * perFrame, sampleRate());
    }
    return (int) Math.min(Integer.MAX_VALUE - 8, total);
  }

  /** {@link Stitch} of the concatenated song (no stem): {@code song} is overwritten. */
  private float[] mixAndLimit(float[] filtered, float[] song, ConversionSettings settings,
      Profiler profiler) {
    return stitch.apply(song, ENVELOPE.apply(filtered, settings), settings, profiler);
  }
}
