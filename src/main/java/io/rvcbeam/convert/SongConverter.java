package io.rvcbeam.convert;

import io.rvcbeam.audio.HighPassFilter;
import io.rvcbeam.audio.PeakLimiter;
import io.rvcbeam.audio.VolumeEnvelopeMix;
import io.rvcbeam.models.NoiseSource;
import io.rvcbeam.models.PitchEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * RVC's whole per-song algorithm (rvc-spec.md §1.1) without Beam: normalise, high-pass, plan the
 * chunks, pitch over the padded song, convert the chunks in batches, concatenate, RMS-envelope
 * mix, peak-limit. {@code rvc-beam convert} calls it; the pipeline runs the same steps as
 * separate transforms through {@link #prepare} and {@link #finish}.
 *
 * <p>Stateless apart from the loaded models; safe to share between threads.
 */
public final class SongConverter {

  /** A song ready for conversion: its filtered audio, chunk plan and per-chunk inputs. */
  public record PreparedSong(
      double[] filtered, ChunkPlan plan, List<VoiceConverter.ChunkInput> chunks) {}

  private final PitchEstimator pitchModel;
  private final VoiceConverter voice;
  private final ChunkConfig chunkConfig;
  private final int batchSize;

  /**
   * @param pitchModel RMVPE; may be null for a voice model without pitch guidance
   * @param batchSize chunks per synthesizer call ({@code RVC_BATCH_SIZE})
   */
  public SongConverter(
      PitchEstimator pitchModel, VoiceConverter voice, ChunkConfig chunkConfig, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (pitchModel == null && voice.synthesizer().config().pitch()) {
      throw new IllegalArgumentException(
          "voice model " + voice.synthesizer().source() + " uses pitch: an RMVPE model is needed");
    }
    this.pitchModel = pitchModel;
    this.voice = voice;
    this.chunkConfig = chunkConfig;
    this.batchSize = batchSize;
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
   * Converts a song already {@link #prepare prepared}: its chunks in batches, then {@link
   * #finish}.
   *
   * @param progress told the number of chunks done after each batch (may be null)
   */
  public float[] convert(PreparedSong song, ConversionSettings settings, Profiler profiler,
      IntConsumer progress) {
    List<VoiceConverter.ChunkInput> chunks = song.chunks();
    List<float[]> pieces = new ArrayList<>(chunks.size());
    int trim = song.plan().trimSamples(sampleRate());
    for (int from = 0; from < chunks.size(); from += batchSize) {
      List<VoiceConverter.ChunkInput> batch =
          chunks.subList(from, Math.min(chunks.size(), from + batchSize));
      pieces.addAll(voice.convert(batch, settings, trim, profiler));
      if (progress != null) {
        progress.accept(pieces.size());
      }
    }
    float[] out = concatenate(pieces);
    pieces = null; // the song-length output is held once, not twice
    return mixAndLimit(song.filtered(), out, settings, profiler);
  }

  /** Normalisation, high-pass, chunk plan, pitch and the chunks' inputs. */
  public PreparedSong prepare(
      double[] audio16k, String songId, ConversionSettings settings, Profiler profiler) {
    if (audio16k.length == 0) {
      throw new IllegalArgumentException(songId + ": the song has no samples");
    }
    double[] filtered = profiler.time("highpass",
        () -> HighPassFilter.RVC.apply(PeakLimiter.limit(audio16k, PeakLimiter.INPUT_CEILING)));
    ChunkPlan plan = ChunkPlan.of(filtered, chunkConfig);
    double[] padded = plan.pad(filtered);
    PitchPostProcessor.Pitch pitch = null;
    if (voice.synthesizer().config().pitch()) {
      float[] paddedF = toFloat(padded);
      double[] f0 = profiler.time("pitch",
          () -> PitchTrack.estimate(pitchModel, paddedF, PitchEstimator.DEFAULT_THRESHOLD));
      pitch = PitchPostProcessor.process(f0, settings);
    }
    List<VoiceConverter.ChunkInput> chunks = new ArrayList<>();
    for (ChunkPlan.Chunk c : plan.chunks()) {
      long[] coarse = pitch == null ? null : pitch.coarseSlice(c.pitchStart(), c.pitchEnd());
      float[] pitchf = pitch == null ? null : pitch.pitchfSlice(c.pitchStart(), c.pitchEnd());
      chunks.add(new VoiceConverter.ChunkInput(
          c.samples(padded), coarse, pitchf, noise(settings, songId, c.index())));
    }
    return new PreparedSong(filtered, plan, chunks);
  }

  /** The chunks {@link #prepare} cuts this song into (high-pass and plan only; no networks). */
  public ChunkPlan plan(double[] audio16k) {
    return ChunkPlan.of(
        HighPassFilter.RVC.apply(PeakLimiter.limit(audio16k, PeakLimiter.INPUT_CEILING)),
        chunkConfig);
  }

  /** Concatenation of the trimmed chunk outputs, RMS-envelope mix and the 0.99 peak limit. */
  public float[] finish(double[] filtered, List<float[]> pieces, ConversionSettings settings,
      Profiler profiler) {
    return mixAndLimit(filtered, concatenate(pieces), settings, profiler);
  }

  /**
   * RMS-envelope mix and the 0.99 peak limit of the concatenated song; {@code song} may be
   * overwritten (it is limited in place when the mix is off).
   */
  private float[] mixAndLimit(double[] filtered, float[] song, ConversionSettings settings,
      Profiler profiler) {
    float[] mixed = settings.usesRmsMix()
        ? profiler.time("rmsmix", () -> VolumeEnvelopeMix.apply(
            filtered, ChunkConfig.SAMPLE_RATE, song, sampleRate(), settings.rmsMixRate()))
        : song;
    return PeakLimiter.limitInPlace(mixed, PeakLimiter.OUTPUT_CEILING);
  }

  private static float[] concatenate(List<float[]> pieces) {
    int total = 0;
    for (float[] p : pieces) {
      total += p.length;
    }
    float[] out = new float[total];
    int at = 0;
    for (float[] p : pieces) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** The synthesizer draws of one chunk: zero, or seeded from (seed, song, chunk). */
  public static NoiseSource noise(ConversionSettings settings, String songId, int chunkIndex) {
    return settings.noise() == ConversionSettings.Noise.ZERO
        ? NoiseSource.zero()
        : NoiseSource.seeded(settings.seed(), songId, chunkIndex);
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }
}
