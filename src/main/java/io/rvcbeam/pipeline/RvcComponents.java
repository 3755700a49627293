package io.rvcbeam.pipeline;

import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.audio.HighPassFilter;
import io.rvcbeam.audio.PcmAudio;
import io.rvcbeam.audio.PeakLimiter;
import io.rvcbeam.audio.Resampler;
import io.rvcbeam.audio.RmsEnvelope;
import io.rvcbeam.audio.VolumeEnvelopeMix;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.checkpoint.EmbedderInfo;
import io.rvcbeam.checkpoint.EmbedderName;
import io.rvcbeam.checkpoint.FaissIndex;
import io.rvcbeam.checkpoint.RmvpeInfo;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import io.rvcbeam.checkpoint.VoiceModelInfo;
import io.rvcbeam.convert.ExactKnnRetrieval;
import io.rvcbeam.convert.IvfRetrieval;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.convert.VoiceConverter;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.Synthesizer;
import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real components: decoding, filtering, stitching and encoding from the {@code audio}
 * package; RMVPE, the chunk plan and the voice conversion from {@code models} and {@code
 * convert}.
 */
public class RvcComponents implements ConversionComponents {

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
  public SongPitchTracker loadPitchEstimator(ModelFiles models, OptimizationConfig optimization)
      throws Exception {
    PitchEstimator model = PitchEstimator.load(LocalModelFiles.file(models.pitchModelUri()),
        Engines.device(optimization), Engines.dtype(optimization));
    return new RmvpePitchTracker(model, Engines.chunkConfig(optimization));
  }

  @Override
  public ChunkPlanner planner(OptimizationConfig optimization) {
    return new QuietPointPlanner(Engines.chunkConfig(optimization));
  }

  /**
   * The voice model and its index per voice; the content encoder, which every voice shares, once
   * per worker through {@link ModelCache}.
   */
  @Override
  public ChunkConverter loadConverter(
      VoiceModel voice, ModelFiles models, OptimizationConfig optimization) throws Exception {
    Device device = Engines.device(optimization);
    DataType dtype = Engines.dtype(optimization);
    ModelCache.Lease<ContentEncoder> encoder = ModelCache.acquire(
        new ModelKey("embedder", List.of(models.embedderUri()), optimization.device(),
            optimization.dtype().name()),
        () -> ContentEncoder.load(LocalModelFiles.embedder(models.embedderUri()), device, dtype));
    Synthesizer synthesizer = null;
    Retrieval retrieval = null;
    try {
      synthesizer = Synthesizer.load(LocalModelFiles.file(voice.modelUri()), device, dtype);
      if (voice.indexUri() != null) {
        FaissIndex index = FaissIndex.read(LocalModelFiles.file(voice.indexUri()));
        Retrieval.check(index, synthesizer.config().phoneDim(), Uris.fileName(voice.modelUri()));
        retrieval = optimization.gpuRetrieval()
            ? ExactKnnRetrieval.of(index, device)
            : IvfRetrieval.of(index, device);
      }
      VoiceConverter converter = new VoiceConverter(encoder.get(), synthesizer, retrieval);
      int trim = Engines.chunkConfig(optimization).tPadTarget(synthesizer.sampleRate());
      return new RvcChunkConverter(converter, synthesizer, retrieval, encoder, trim,
          Engines.batchPlan(optimization, converter));
    } catch (Exception | Error e) {
      if (retrieval != null) {
        retrieval.close();
      }
      if (synthesizer != null) {
        synthesizer.close();
      }
      encoder.close();
      throw e;
    }
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

  /** FFmpeg decode, channel mean, resample (docs/algorithm.md §2.1). */
  static final class Decoder implements SongDecoder {
    @Override
    public DecodedAudio decode(byte[] encoded, String name, int targetRate) throws Exception {
      return toMono(AudioDecoder.decode(encoded, name), targetRate);
    }

    @Override
    public DecodedAudio decode(Path file, int targetRate) throws Exception {
      return toMono(AudioDecoder.decode(file), targetRate);
    }

    @Override
    public DecodedAudio decode(Path file, String name, int targetRate) throws Exception {
      return toMono(AudioDecoder.decode(file, name), targetRate);
    }

    private static DecodedAudio toMono(PcmAudio audio, int targetRate) {
      double[] mono = audio.downmixToMono();
      if (audio.sampleRate() != targetRate) { // the resampler copies even at the same rate
        mono = Resampler.resample(mono, audio.sampleRate(), targetRate);
      }
      return new DecodedAudio(
          mono, audio.sampleRate(), audio.channels(), audio.tags().carriedOver().asMap());
    }
  }

  /** Input peak limit at 0.95, then the 48 Hz zero-phase Butterworth (docs/algorithm.md §2.2-2.3). */
  static final class Filter implements SongFilter {
    @Override
    public double[] apply(double[] audio16k) {
      return HighPassFilter.RVC.apply(PeakLimiter.limit(audio16k, PeakLimiter.INPUT_CEILING));
    }
  }

  /**
   * Concatenation, RMS envelope mix (docs/algorithm.md §9.2), output peak limit (§9.3), then the optional
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
        float[] sourceRms = new float[input.sourceEnvelope().length];
        for (int i = 0; i < sourceRms.length; i++) {
          sourceRms[i] = (float) input.sourceEnvelope()[i];
        }
        song = VolumeEnvelopeMix.applyEnvelope(sourceRms, song, input.sampleRate(), rate);
      }
      // song is this method's own array (the concatenation or the mix's output): limit it in
      // place rather than holding a second copy of a whole song.
      song = PeakLimiter.limitInPlace(song, PeakLimiter.OUTPUT_CEILING);
      if (input.instrumental() != null) {
        SongSettings s = input.settings();
        float[] mixed = new float[song.length];
        for (int i = 0; i < song.length; i++) {
          double stem = i < input.instrumental().length ? input.instrumental()[i] : 0;
          mixed[i] = (float) (s.vocalGain() * song[i] + s.instrumentalGain() * stem);
        }
        song = PeakLimiter.limitInPlace(mixed, PeakLimiter.OUTPUT_CEILING);
      }
      return song;
    }
  }

  /** FFmpeg encode (WAV PCM16/24/float32, FLAC 16/24, MP3, Ogg Vorbis, Opus, M4A/AAC). */
  static final class Writer implements AudioWriter {
    @Override
    public byte[] encode(float[] audio, int sampleRate, OutputFormat format) throws Exception {
      return AudioEncoder.encode(
          PcmAudio.mono(sampleRate, audio), formatOf(format), format.bitRate() * 1000, "output");
    }

    @Override
    public void write(float[] audio, int sampleRate, OutputFormat format, OutputStream out)
        throws Exception {
      write(audio, sampleRate, Map.of(), format, out);
    }

    @Override
    public void write(
        float[] audio,
        int sampleRate,
        Map<String, String> tags,
        OutputFormat format,
        OutputStream out)
        throws Exception {
      AudioEncoder.encodeMono(
          sampleRate,
          audio,
          AudioTags.of(tags),
          formatOf(format),
          format.bitRate() * 1000,
          out,
          "output");
    }

    static AudioFormat formatOf(OutputFormat format) {
      String key = format.container() + "/" + format.sampleFormat();
      return switch (key) {
        case "wav/pcm16" -> AudioFormat.WAV_PCM16;
        case "wav/pcm24" -> AudioFormat.WAV_PCM24;
        case "wav/float32" -> AudioFormat.WAV_FLOAT32;
        case "flac/pcm16" -> AudioFormat.FLAC16;
        case "flac/pcm24" -> AudioFormat.FLAC24;
        case "mp3/pcm16", "mp3/pcm24", "mp3/float32" -> AudioFormat.MP3;
        case "ogg/pcm16", "ogg/pcm24", "ogg/float32" -> AudioFormat.OGG_VORBIS;
        case "opus/pcm16", "opus/pcm24", "opus/float32" -> AudioFormat.OPUS;
        case "m4a/pcm16", "m4a/pcm24", "m4a/float32" -> AudioFormat.M4A_AAC;
        default -> throw new IllegalArgumentException("no encoder for " + key);
      };
    }
  }

  /**
   * Files exist and every checkpoint reads (safely) and describes the network it should, and
   * each voice fits the shared content encoder and its own index, so a model that cannot load
   * is found before any song is decoded: a shared one stops the job, a voice's only its songs.
   */
  static final class Validator implements ModelValidator {
    @Override
    public Map<String, String> validate(ModelFiles shared, Collection<VoiceModel> voices)
        throws ModelLoadException {
      Map<String, String> unusable = new TreeMap<>(new ModelFilesExist().validate(shared, voices));
      EmbedderInfo embedder;
      try {
        embedder = EmbedderInfo.read(LocalModelFiles.embedder(shared.embedderUri()));
      } catch (Exception e) {
        throw new ModelLoadException("content encoder (models.embedder) " + shared.embedderUri()
            + " cannot be used: " + DeadLetter.describe(e), e);
      }
      try {
        Path rmvpe = LocalModelFiles.file(shared.pitchModelUri());
        RmvpeInfo.of(rmvpe, TorchCheckpoint.read(rmvpe).tensors());
      } catch (Exception e) {
        throw new ModelLoadException("pitch model (models.pitchModel) " + shared.pitchModelUri()
            + " cannot be used: " + DeadLetter.describe(e), e);
      }
      // A remote embedder is staged in a temporary folder: its own URI names it.
      String byUri = EmbedderName.of(shared.embedderUri(), null);
      String embedderName = byUri.equals(EmbedderName.CUSTOM) ? embedder.embedder() : byUri;
      for (VoiceModel voice : voices) {
        if (!unusable.containsKey(voice.name())) {
          String problem = voiceProblem(voice, embedder, shared.embedderUri(), embedderName);
          if (problem != null) {
            unusable.put(voice.name(), problem);
          }
        }
      }
      return unusable;
    }

    /** Null when the voice loads and fits, else the reason naming the voice and the file. */
    private static String voiceProblem(
        VoiceModel voice, EmbedderInfo embedder, String embedderUri, String embedderName) {
      String file = voice.modelUri();
      try {
        VoiceModelInfo info =
            VoiceModelInfo.of(TorchCheckpoint.read(LocalModelFiles.file(voice.modelUri())));
        String mismatch =
            EmbedderName.mismatch(voice.modelUri(), info.embedderModel(), embedderUri, embedderName);
        if (mismatch != null) {
          return ModelValidator.voiceReason(voice, file, mismatch);
        }
        int width = info.contentWidth();
        if (width != embedder.hiddenWidth() && width != embedder.finalProjWidth()) {
          return ModelValidator.voiceReason(voice, file, "the model takes " + width
              + "-wide content features but the content encoder " + embedderUri + " gives "
              + embedder.hiddenWidth() + (embedder.finalProjWidth() > 0
                  ? " (" + embedder.finalProjWidth() + " projected)" : " and has no final_proj")
              + "; use the embedder the voice was trained with");
        }
        if (voice.indexUri() != null) {
          file = voice.indexUri();
          FaissIndex index = FaissIndex.read(LocalModelFiles.file(voice.indexUri()));
          Retrieval.check(index, width, Uris.fileName(voice.modelUri()));
        }
        return null;
      } catch (Exception e) {
        return ModelValidator.voiceReason(voice, file, DeadLetter.describe(e));
      }
    }
  }
}
