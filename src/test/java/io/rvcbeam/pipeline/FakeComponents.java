package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.OutputFormat;
import io.rvcbeam.pipeline.job.VoiceModel;
import io.rvcbeam.pipeline.parts.AudioWriter;
import io.rvcbeam.pipeline.parts.ChunkConverter;
import io.rvcbeam.pipeline.parts.ChunkConverterLoader;
import io.rvcbeam.pipeline.parts.ChunkPlanner;
import io.rvcbeam.pipeline.parts.ConversionComponents;
import io.rvcbeam.pipeline.parts.ExactFilteredAudio;
import io.rvcbeam.pipeline.parts.FilteredAudio;
import io.rvcbeam.pipeline.parts.ModelLoadException;
import io.rvcbeam.pipeline.parts.ModelValidator;
import io.rvcbeam.pipeline.parts.PitchTrackerLoader;
import io.rvcbeam.pipeline.parts.SongDecoder;
import io.rvcbeam.pipeline.parts.SongFilter;
import io.rvcbeam.pipeline.parts.SongPitchTracker;
import io.rvcbeam.pipeline.parts.SongStitcher;
import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.values.ChunkSlice;
import io.rvcbeam.pipeline.values.DecodedAudio;
import io.rvcbeam.pipeline.values.StitchInput;
import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.OptimizationConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deterministic stand-ins for the numeric components, failing the way the real ones do:
 * undecodable bytes ("Invalid data found when processing input", FFmpeg's words), an index whose
 * width does not fit the embedder, a model file that is not a checkpoint.
 *
 * <p>Fake model files are text: {@code rate=32000} and {@code gain=0.5} for a voice, {@code
 * width=768} for an index, {@code width=768} for the embedder. A file whose text is {@code
 * corrupt} does not load.
 */
public final class FakeComponents implements ConversionComponents {

  /** Songs decoded in this JVM (all tests): proves a bad model stops the job before decoding. */
  static final AtomicInteger DECODED = new AtomicInteger();

  /** Voice loads in this JVM. */
  static final AtomicInteger VOICE_LOADS = new AtomicInteger();

  /** Chunks converted in this JVM. */
  static final AtomicInteger CHUNKS_CONVERTED = new AtomicInteger();

  /** Chunk conversions running at once in this JVM (counted while CHUNK_MILLIS is set). */
  static final AtomicInteger IN_FLIGHT = new AtomicInteger();

  /** The most chunk conversions seen running at once since it was last reset. */
  static final AtomicInteger MOST_IN_FLIGHT = new AtomicInteger();

  /** Milliseconds each chunk takes (system property), so a child JVM can be killed mid-run. */
  static final String CHUNK_MILLIS = "rvcbeam.fake.chunkMillis";

  static final int CHUNK = 8000;

  @Override
  public SongDecoder decoder() {
    return new Decoder();
  }

  @Override
  public SongFilter highPass(OptimizationConfig optimization) {
    return new HighPass();
  }

  @Override
  public PitchTrackerLoader pitchTracker(ModelFiles models, OptimizationConfig optimization) {
    return new PitchTrackerLoader(models, optimization) {
      @Override
      public SongPitchTracker load() throws Exception {
        readModelFile(models().pitchModelUri());
        return new Pitch();
      }
    };
  }

  @Override
  public ChunkPlanner planner(OptimizationConfig optimization) {
    return new Planner();
  }

  @Override
  public ChunkConverterLoader chunkConverters(ModelFiles models, OptimizationConfig optimization) {
    return new ChunkConverterLoader(models, optimization) {
      @Override
      public ChunkConverter load(VoiceModel voice) throws Exception {
        VOICE_LOADS.incrementAndGet();
        Map<String, String> model = readModelFile(voice.modelUri());
        int embedderWidth = Integer.parseInt(readModelFile(models().embedderUri()).get("width"));
        if (voice.indexUri() != null) {
          int width = Integer.parseInt(readModelFile(voice.indexUri()).get("width"));
          if (width != embedderWidth) {
            throw new IllegalArgumentException(
                "index " + voice.indexUri() + " holds vectors of width " + width
                    + " but the content encoder gives " + embedderWidth);
          }
        }
        return new Converter(
            Integer.parseInt(model.get("rate")), Double.parseDouble(model.get("gain")));
      }
    };
  }

  @Override
  public SongStitcher stitcher() {
    return new Stitcher();
  }

  @Override
  public AudioWriter writer() {
    return new WavWriter();
  }

  @Override
  public ModelValidator validator() {
    return new Validator();
  }

  static Map<String, String> readModelFile(String uri) throws IOException {
    String text = new String(Uris.readAll(uri), StandardCharsets.UTF_8).trim();
    if (text.equals("corrupt")) {
      throw new IOException(uri + " is not a PyTorch zip checkpoint (no data.pkl)");
    }
    Map<String, String> values = new TreeMap<>();
    for (String line : text.split("\n")) {
      String[] kv = line.split("=", 2);
      if (kv.length == 2) {
        values.put(kv[0].trim(), kv[1].trim());
      }
    }
    return values;
  }

  static final class Decoder implements SongDecoder {
    @Override
    public DecodedAudio decode(byte[] encoded, String name, int targetRate) throws IOException {
      if (encoded.length < FakeAudioFile.MAGIC.length + 8
          || !Arrays.equals(
              Arrays.copyOf(encoded, FakeAudioFile.MAGIC.length), FakeAudioFile.MAGIC)) {
        throw new IOException(name + ": Invalid data found when processing input");
      }
      DECODED.incrementAndGet();
      ByteBuffer in = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
      in.position(FakeAudioFile.MAGIC.length);
      int rate = in.getInt();
      int channels = in.getInt();
      int frames = in.remaining() / 4 / channels;
      double[] mono = new double[frames];
      for (int i = 0; i < frames; i++) {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += in.getFloat();
        }
        mono[i] = sum / channels;
      }
      int outFrames = (int) ((long) frames * targetRate / rate);
      double[] out = new double[outFrames];
      for (int i = 0; i < outFrames; i++) {
        out[i] = mono[(int) ((long) i * rate / targetRate)];
      }
      return new DecodedAudio(out, rate, channels);
    }
  }

  static final class HighPass implements SongFilter {
    @Override
    public FilteredAudio apply(double[] audio) {
      if (audio.length <= 18) {
        throw new IllegalArgumentException(
            "The length of the input vector x must be greater than padlen, which is 18.");
      }
      double mean = Arrays.stream(audio).average().orElse(0);
      double[] exact = new double[audio.length];
      for (int i = 0; i < audio.length; i++) {
        exact[i] = audio[i] - mean;
      }
      return new ExactFilteredAudio(exact);
    }
  }

  static final class Pitch implements SongPitchTracker {
    @Override
    public double[] estimate(float[] audio, ConversionSettings settings) {
      int frames = (audio.length + 2 * 16000) / 160;
      double[] f0 = new double[frames];
      for (int i = 0; i < frames; i++) {
        int at = Math.min(audio.length - 1, Math.max(0, i * 160 - 16000));
        f0[i] = (float) (100 + 50 * Math.abs(audio[at]));
      }
      return f0;
    }

    @Override
    public void close() {}
  }

  /** Cuts every CHUNK samples, at the first of the next 16 samples whose exact value is ≥ 0. */
  static final class Planner implements ChunkPlanner {
    @Override
    public int[] cuts(FilteredAudio filtered) {
      int n = filtered.samples().length;
      List<Integer> cuts = new ArrayList<>();
      double[] near = new double[16];
      for (int t = CHUNK; t < n; t += CHUNK) {
        int m = Math.min(near.length, n - t);
        filtered.readExact(t, t + m, near);
        int k = 0;
        while (k < m - 1 && near[k] < 0) {
          k++;
        }
        cuts.add(t + k);
      }
      return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public List<ChunkSlice> split(float[] audio, int[] cuts, double[] f0) {
      List<ChunkSlice> slices = new ArrayList<>();
      int start = 0;
      for (int k = 0; k <= cuts.length; k++) {
        int end = k < cuts.length ? cuts[k] : audio.length;
        int from = Math.min(f0.length, 100 + start / 160);
        int to = Math.min(f0.length, 100 + (end + 159) / 160);
        slices.add(new ChunkSlice(
            start, Arrays.copyOfRange(audio, start, end), Arrays.copyOfRange(f0, from, to)));
        start = end;
      }
      return slices;
    }
  }

  static final class Converter implements ChunkConverter {
    private final int rate;
    private final double gain;

    Converter(int rate, double gain) {
      this.rate = rate;
      this.gain = gain;
    }

    @Override
    public int sampleRate() {
      return rate;
    }

    @Override
    public List<float[]> convert(List<Chunk> batch) {
      List<float[]> out = new ArrayList<>();
      for (Chunk chunk : batch) {
        out.add(convertOne(chunk));
      }
      return out;
    }

    private float[] convertOne(Chunk chunk) {
      if (chunk.song().id().contains("explode")) {
        throw new IllegalStateException("synthesizer failed on chunk " + chunk.index());
      }
      CHUNKS_CONVERTED.incrementAndGet();
      long millis = Long.getLong(CHUNK_MILLIS, 0);
      if (millis > 0) {
        MOST_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          IN_FLIGHT.decrementAndGet();
        }
      }
      ConversionSettings s = chunk.song().settings();
      double shift = Math.pow(2, s.pitch() / 12.0);
      Random noise = new Random(s.seed() * 31 + chunk.song().id().hashCode() * 17L + chunk.index());
      int n = (int) ((long) chunk.samples().length * rate / 16000);
      float[] y = new float[n];
      double f0 = chunk.f0().length > 0 ? chunk.f0()[0] : 0;
      for (int i = 0; i < n; i++) {
        double x = chunk.samples()[(int) ((long) i * 16000 / rate)];
        double z = s.noise() == ConversionSettings.Noise.SEEDED ? 1e-3 * noise.nextGaussian() : 0;
        y[i] = (float) (gain * shift * x + z + 1e-5 * f0);
      }
      if (gain < 0 && n > 0) {
        y[n / 2] = Float.NaN;
      }
      return y;
    }

    @Override
    public void close() {}
  }

  static final class Stitcher implements SongStitcher {
    /** RMS per 8000 samples; the fake mix scales the song by mean-envelope^(1 - rate). */
    @Override
    public double[] envelope(float[] audio, ConversionSettings settings) {
      if (settings.rmsMixRate() == 1) {
        return null;
      }
      double[] rms = new double[1 + audio.length / 8000];
      for (int f = 0; f < rms.length; f++) {
        double sum = 0;
        int n = 0;
        for (int i = f * 8000; i < Math.min(audio.length, (f + 1) * 8000); i++, n++) {
          sum += (double) audio[i] * audio[i];
        }
        rms[f] = n == 0 ? 0 : Math.sqrt(sum / n);
      }
      return rms;
    }

    @Override
    public float[] stitch(StitchInput input) throws Exception {
      float[] out = input.song();
      if (input.sourceEnvelope() != null) {
        double mean = Arrays.stream(input.sourceEnvelope()).average().orElse(1);
        double scale = Math.pow(mean, 1 - input.settings().rmsMixRate());
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) (out[i] * scale);
        }
      }
      if (input.instrumental() != null) {
        ConversionSettings s = input.settings();
        DoubleStream.Builder samples = DoubleStream.builder();
        input.instrumental().feed(samples);
        double[] stem = samples.build().toArray();
        for (int i = 0; i < out.length; i++) {
          double v = i < stem.length ? stem[i] : 0;
          out[i] = (float) (s.vocalGain() * out[i] + s.instrumentalGain() * v);
        }
      }
      float peak = 0;
      for (float v : out) {
        peak = Math.max(peak, Math.abs(v));
      }
      if (peak / 0.99f > 1) {
        for (int i = 0; i < out.length; i++) {
          out[i] /= peak / 0.99f;
        }
      }
      return out;
    }
  }

  static final class WavWriter implements AudioWriter {
    @Override
    public byte[] encode(float[] audio, int rate, OutputFormat format) {
      ByteBuffer b = ByteBuffer.allocate(44 + 2 * audio.length).order(ByteOrder.LITTLE_ENDIAN);
      b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * audio.length);
      b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
      b.putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2).putShort((short) 16);
      b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * audio.length);
      for (float v : audio) {
        b.putShort((short) Math.rint(Math.max(-1, Math.min(1, v)) * 32767));
      }
      return b.array();
    }
  }

  static final class Validator implements ModelValidator {
    @Override
    public Map<String, String> validate(ModelFiles shared, Collection<VoiceModel> voices)
        throws ModelLoadException {
      int embedderWidth;
      try {
        readModelFile(shared.pitchModelUri());
        embedderWidth = Integer.parseInt(readModelFile(shared.embedderUri()).get("width"));
      } catch (IOException e) {
        throw new ModelLoadException("model cannot be loaded: " + e.getMessage(), e);
      }
      Map<String, String> unusable = new TreeMap<>();
      for (VoiceModel voice : voices) {
        String file = voice.modelUri();
        try {
          readModelFile(file);
          if (voice.indexUri() != null) {
            file = voice.indexUri();
            int width = Integer.parseInt(readModelFile(file).get("width"));
            if (width != embedderWidth) {
              throw new IOException("index vectors are " + width + " wide, the content encoder"
                  + " gives " + embedderWidth);
            }
          }
        } catch (IOException e) {
          unusable.put(voice.name(), ModelValidator.voiceReason(voice, file, e.getMessage()));
        }
      }
      return unusable;
    }
  }
}
