package io.rvcbeam.pipeline;

import io.rvcbeam.convert.BatchPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.ShardedKey;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Converts chunks in batches of {@code batchSize} chunks of the same voice and the same batch row
 * length ({@code GroupIntoBatches} with a sharded key, so one voice spreads over workers; a batch
 * is one network call of the job's {@code BatchPlan}).
 *
 * <p>Input: {@code Chunk}s of any songs and voices. Output: {@code KV<songId, ConvertedChunk>},
 * one per input chunk. A chunk that cannot be converted (voice model or index that will not load
 * or does not fit, an exception, NaN or empty output) comes out as a failed {@code
 * ConvertedChunk} (stage ConvertChunks), so {@link StitchSong} reports its song once. A failing
 * batch is retried chunk by chunk, so one bad song does not fail its batch-mates.
 */
public final class ConvertChunks
    extends PTransform<PCollection<Chunk>, PCollection<KV<String, ConvertedChunk>>> {

  private final ConversionComponents components;
  private final JobPlan plan;

  private ConvertChunks(ConversionComponents components, JobPlan plan) {
    this.components = components;
    this.plan = plan;
  }

  public static ConvertChunks with(ConversionComponents components, JobPlan plan) {
    return new ConvertChunks(components, plan);
  }

  @Override
  public PCollection<KV<String, ConvertedChunk>> expand(PCollection<Chunk> chunks) {
    return chunks
        .apply("KeyByVoice", ParDo.of(new KeyByVoiceFn(plan)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AudioCoders.chunk()))
        .apply(
            "Batch",
            GroupIntoBatches.<String, Chunk>ofSize(plan.optimization().batchSize())
                .withShardedKey())
        .apply("Convert", ParDo.of(new ConvertBatchFn(components, plan)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AudioCoders.convertedChunk()));
  }

  /** Keys a chunk by its voice and its bucket of the batch plan ({@code voice \n bucket}). */
  static final class KeyByVoiceFn extends DoFn<Chunk, KV<String, Chunk>> {
    private final JobPlan plan;
    private transient BatchPlan batchPlan;

    KeyByVoiceFn(JobPlan plan) {
      this.plan = plan;
    }

    @Setup
    public void setup() {
      batchPlan = Engines.batchPlan(plan.optimization());
    }

    @ProcessElement
    public void process(@Element Chunk chunk, OutputReceiver<KV<String, Chunk>> out) {
      int bucket = -1; // too long for every bucket: its batch fails it with the reason
      if (batchPlan.padded()) {
        try {
          bucket = batchPlan.bucket(chunk.samples().length);
        } catch (IllegalArgumentException e) {
          bucket = -1;
        }
      }
      out.output(KV.of(chunk.voice() + "\n" + bucket, chunk));
    }
  }

  private static String voiceOf(String key) {
    return key.substring(0, key.lastIndexOf('\n'));
  }

  static final class ConvertBatchFn
      extends DoFn<KV<ShardedKey<String>, Iterable<Chunk>>, KV<String, ConvertedChunk>> {
    private final Counter batches = Metrics.counter(Failures.NAMESPACE, "batchesConverted");
    private final Counter converted = Metrics.counter(Failures.NAMESPACE, "chunksConverted");
    private final ConversionComponents components;
    private final JobPlan plan;
    private transient Map<String, ModelCache.Lease<ChunkConverter>> converters;
    private transient Map<String, String> unusableVoices;

    ConvertBatchFn(ConversionComponents components, JobPlan plan) {
      this.components = components;
      this.plan = plan;
    }

    @Setup
    public void setup() {
      converters = new HashMap<>();
      unusableVoices = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element KV<ShardedKey<String>, Iterable<Chunk>> batch,
        OutputReceiver<KV<String, ConvertedChunk>> out) {
      String voice = voiceOf(batch.getKey().getKey());
      List<Chunk> chunks = new ArrayList<>();
      batch.getValue().forEach(chunks::add);
      ChunkConverter converter;
      try {
        converter = converter(voice);
      } catch (Exception e) {
        String reason = "voice '" + voice + "' cannot be used: " + DeadLetter.describe(e);
        for (Chunk chunk : chunks) {
          emitFailure(chunk, reason, out);
        }
        return;
      }
      long start = System.nanoTime();
      List<float[]> audio = null;
      try {
        audio = converter.convert(chunks);
        checkOutputs(chunks, audio);
      } catch (Exception e) {
        if (chunks.size() == 1) {
          emitFailure(chunks.get(0), DeadLetter.describe(e), out);
          return;
        }
        audio = null;
      }
      if (audio == null) {
        for (Chunk chunk : chunks) {
          convertAlone(converter, chunk, out);
        }
        return;
      }
      batches.inc();
      emitConverted(chunks, audio, converter.sampleRate(), System.nanoTime() - start, out);
    }

    private void convertAlone(
        ChunkConverter converter, Chunk chunk, OutputReceiver<KV<String, ConvertedChunk>> out) {
      long start = System.nanoTime();
      try {
        List<float[]> audio = converter.convert(List.of(chunk));
        checkOutputs(List.of(chunk), audio);
        emitConverted(List.of(chunk), audio, converter.sampleRate(), System.nanoTime() - start, out);
      } catch (Exception e) {
        emitFailure(chunk, DeadLetter.describe(e), out);
      }
    }

    private static void checkOutputs(List<Chunk> chunks, List<float[]> audio) {
      if (audio == null || audio.size() != chunks.size()) {
        throw new IllegalStateException(
            "converter returned " + (audio == null ? 0 : audio.size()) + " outputs for "
                + chunks.size() + " chunks");
      }
      for (int i = 0; i < audio.size(); i++) {
        Checks.requireFinite(audio.get(i), "converted audio of chunk " + chunks.get(i).index());
      }
    }

    private void emitConverted(
        List<Chunk> chunks,
        List<float[]> audio,
        int sampleRate,
        long nanos,
        OutputReceiver<KV<String, ConvertedChunk>> out) {
      long totalSamples = 0;
      for (Chunk chunk : chunks) {
        totalSamples += chunk.samples().length;
      }
      for (int i = 0; i < chunks.size(); i++) {
        Chunk chunk = chunks.get(i);
        // Each chunk's share of the batch time, by its length.
        long share = totalSamples == 0 ? 0 : nanos * chunk.samples().length / totalSamples;
        converted.inc();
        Progress.chunkConverted(chunk);
        out.output(
            KV.of(
                chunk.song().id(),
                new ConvertedChunk(
                    chunk.song().id(),
                    chunk.index(),
                    chunk.count(),
                    audio.get(i),
                    sampleRate,
                    share,
                    null)));
      }
    }

    private static void emitFailure(
        Chunk chunk, String reason, OutputReceiver<KV<String, ConvertedChunk>> out) {
      DeadLetter letter =
          new DeadLetter(
              chunk.song().id(),
              chunk.song().inputUri(),
              Stage.CONVERT_CHUNKS,
              "chunk " + chunk.index() + " of " + chunk.count() + " (16 kHz samples from "
                  + chunk.offset() + " of the padded song): " + reason);
      Progress.chunkFailed(chunk);
      out.output(KV.of(chunk.song().id(), ConvertedChunk.failed(chunk, letter)));
    }

    private ChunkConverter converter(String voiceName) throws Exception {
      ModelCache.Lease<ChunkConverter> lease = converters.get(voiceName);
      if (lease != null) {
        return lease.get();
      }
      String unusable = unusableVoices.get(voiceName);
      if (unusable != null) {
        throw new IllegalStateException(unusable);
      }
      VoiceModel voice = plan.voice(voiceName);
      List<String> files = new ArrayList<>();
      files.add(voice.modelUri());
      files.add(String.valueOf(voice.indexUri()));
      files.add(plan.models().embedderUri());
      // The batch plan and the trim come from the batch size and the chunk settings.
      ModelKey key =
          new ModelKey(
              "voice, batch " + plan.optimization().batchSize() + ", "
                  + plan.optimization().chunking(),
              files,
              plan.optimization().device(),
              plan.optimization().dtype().name());
      try {
        lease =
            ModelCache.acquire(
                key, () -> components.loadConverter(voice, plan.models(), plan.optimization()));
      } catch (Exception e) {
        unusableVoices.put(voiceName, DeadLetter.describe(e));
        throw e;
      }
      converters.put(voiceName, lease);
      return lease.get();
    }

    @Teardown
    public void teardown() throws Exception {
      if (converters != null) {
        for (ModelCache.Lease<ChunkConverter> lease : converters.values()) {
          lease.close();
        }
        converters.clear();
      }
    }
  }
}
