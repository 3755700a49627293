package io.rvcbeam.pipeline;

import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.HighPassFilter;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.audio.PeakLimiter;
import io.rvcbeam.audio.Resampler;
import io.rvcbeam.audio.RmsEnvelope;
import io.rvcbeam.convert.OptimizationConfig;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The real components, wired to the project's numerics. Decoding, filtering, stitching and
 * encoding use the {@code audio} package; the pitch tracker, chunk planner and voice converter
 * are to be plugged in from {@code models}/{@code convert} (until then {@link #validator()}
 * stops the job before any song is decoded, saying so).
 */
public final class RvcComponents implements ConversionComponents {

  static final String NOT_PLUGGED =
      "RvcComponents: the pitch tracker (RMVPE), chunk planner (ChunkPlan) and voice converter"
          + " (VoiceConverter) are not plugged into the pipeline yet";

  @Override
  public SongDecoder decoder() {
    return new Decoder();
  }

  @Override
  public SongFilter highPass(OptimizationConfig optimization) {
    // gpuFilter: the device filter plugs in here; the CPU one is exact in float64.
    return new Filter();
  }

  @Override
  public SongPitchTracker loadPitchEstimator(ModelFiles models, OptimizationConfig optimization) {
    throw new UnsupportedOperationException(NOT_PLUGGED);
  }

  @Override
  public ChunkPlanner planner(OptimizationConfig optimization) {
    throw new UnsupportedOperationException(NOT_PLUGGED);
  }

  @Override
  public ChunkConverter loadConverter(
      VoiceModel voice, ModelFiles models, OptimizationConfig optimization) {
    throw new UnsupportedOperationException(NOT_PLUGGED);
  }

  @Override
  public SongStitcher stitcher() {
    return new Stitcher();
  }

  @Override
  public AudioWriter writer() {
    return new Writer();
  }

  @Override
  public ModelValidator validator() {
    return new Validator();
  }

  /** FFmpeg decode, channel mean, resample (rvc-spec §2.1). */
  static final class Decoder implements SongDecoder {
    @Override
    public DecodedAudio decode(byte[] encoded, String name, int targetRate) throws Exception {
      return toMono(AudioDecoder.decode(encoded, name), targetRate);
    }

    @Override
    public DecodedAudio decode(Path file, int targetRate) throws Exception {
      return toMono(AudioDecoder.decode(file), targetRate);
    }

    private static DecodedAudio toMono(PcmAudio audio, int targetRate) {
      double[] mono =
          Resampler.resample(audio.downmixToMono(), audio.sampleRate(), targetRate);
      return new DecodedAudio(mono, audio.sampleRate(), audio.channels());
    }
  }

  /** Input peak limit at 0.95, then the 48 Hz zero-phase Butterworth (rvc-spec §2.2-2.3). */
  static final class Filter implements SongFilter {
    @Override
    public double[] apply(double[] audio16k) {
      return HighPassFilter.RVC.apply(PeakLimiter.limit(audio16k, PeakLimiter.INPUT_CEILING));
    }
  }

  /**
   * Concatenation, RMS envelope mix (rvc-spec §9.2), output peak limit (§9.3), then the optional
   * instrumental stem under the vocal (peak-limited again so the mix cannot clip).
   */
  static final class Stitcher implements SongStitcher {
    @Override
    public double[] envelope(double[] filtered16k, SongSettings settings) {
      if (settings.rmsMixRate() == 1) {
        return null;
      }
      float[] rms1 = RmsEnvelope.of(filtered16k, SongAudio.RATE);
      double[] out = new double[rms1.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = rms1[i];
      }
      return out;
    }

    @Override
    public float[] stitch(StitchInput input) {
      int total = 0;
      for (float[] chunk : input.chunks()) {
        total += chunk.length;
      }
      float[] song = new float[total];
      int at = 0;
      for (float[] chunk : input.chunks()) {
        System.arraycopy(chunk, 0, song, at, chunk.length);
        at += chunk.length;
      }
      double rate = input.settings().rmsMixRate();
      if (input.sourceEnvelope() != null && rate != 1 && song.length > 0) {
        song = mixEnvelope(input.sourceEnvelope(), song, input.sampleRate(), rate);
      }
      song = PeakLimiter.limit(song, PeakLimiter.OUTPUT_CEILING);
      if (input.instrumental() != null) {
        SongSettings s = input.settings();
        float[] mixed = new float[song.length];
        for (int i = 0; i < song.length; i++) {
          double stem = i < input.instrumental().length ? input.instrumental()[i] : 0;
          mixed[i] = (float) (s.vocalGain() * song[i] + s.instrumentalGain() * stem);
        }
        song = PeakLimiter.limit(mixed, PeakLimiter.OUTPUT_CEILING);
      }
      return song;
    }

    /**
     * {@code audio.VolumeEnvelopeMix.apply} with the source's RMS frames given instead of the
     * source audio (so stitching never holds the 16 kHz song). TODO(lead): move this overload
     * into {@code VolumeEnvelopeMix} and call it here.
     */
    private static float[] mixEnvelope(double[] sourceRms, float[] target, int rate, double mix) {
      float[] rms1Frames = new float[sourceRms.length];
      for (int i = 0; i < rms1Frames.length; i++) {
        rms1Frames[i] = (float) sourceRms[i];
      }
      float[] rms1 = RmsEnvelope.interpolate(rms1Frames, target.length);
      float[] rms2 = RmsEnvelope.interpolate(RmsEnvelope.of(target, rate), target.length);
      float e1 = (float) (1 - mix);
      float e2 = (float) (mix - 1);
      float[] out = new float[target.length];
      for (int i = 0; i < out.length; i++) {
        float gain =
            (float) Math.pow(rms1[i], e1) * (float) Math.pow(Math.max(rms2[i], 1e-6f), e2);
        out[i] = target[i] * gain;
      }
      return out;
    }
  }

  /** FFmpeg encode (WAV PCM16/24/float32, FLAC 16/24). */
  static final class Writer implements AudioWriter {
    @Override
    public byte[] encode(float[] audio, int sampleRate, OutputFormat format) throws Exception {
      return AudioEncoder.encode(PcmAudio.mono(sampleRate, audio), formatOf(format), "output");
    }

    static AudioFormat formatOf(OutputFormat format) {
      String key = format.container() + "/" + format.sampleFormat();
      return switch (key) {
        case "wav/pcm16" -> AudioFormat.WAV_PCM16;
        case "wav/pcm24" -> AudioFormat.WAV_PCM24;
        case "wav/float32" -> AudioFormat.WAV_FLOAT32;
        case "flac/pcm16" -> AudioFormat.FLAC16;
        case "flac/pcm24" -> AudioFormat.FLAC24;
        default -> throw new IllegalArgumentException("no encoder for " + key);
      };
    }
  }

  /** Files exist; then refuses to start while the model components are not plugged in. */
  static final class Validator implements ModelValidator {
    @Override
    public void validate(ModelFiles shared, Collection<VoiceModel> voices)
        throws ModelLoadException {
      new ModelFilesExist().validate(shared, voices);
      // TODO(lead): open each header here (TorchCheckpoint.read, FaissIndex.read, the embedder
      // folder) so an unreadable model fails the job before decoding; then drop this line.
      throw new ModelLoadException(NOT_PLUGGED);
    }
  }
}
