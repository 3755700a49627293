package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.AudioCoders;
import io.rvcbeam.pipeline.job.VoiceModel;
import io.rvcbeam.pipeline.job.WorkerEnvironment;
import io.rvcbeam.pipeline.parts.ChunkConverter;
import io.rvcbeam.pipeline.parts.ChunkConverterLoader;
import io.rvcbeam.pipeline.parts.ModelLeases;
import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.storage.WorkFolder;
import io.rvcbeam.pipeline.storage.WorkKey;
import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.values.ConvertedChunk;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.SongReady;
import io.rvcbeam.pipeline.values.Stage;
import io.rvcbeam.convert.BatchPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Redistribute;
import org.apache.beam.sdk.util.ShardedKey;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Converts chunks in batches of {@code batchSize} chunks of the same voice and the same batch row
 * length ({@code GroupIntoBatches} with a sharded key, so one voice spreads over workers; a batch
 * is one network call of the job's {@code BatchPlan}).
 *
 * <p>Input: {@code Chunk}s of any songs and voices. Each converted chunk is written to the
 * {@link WorkFolder} at once (durable progress: a crash loses only the chunks in flight); a chunk
 * that cannot be converted (voice model that will not load, an exception, NaN or empty output)
 * leaves a failure record there instead. A failing batch is retried chunk by chunk, so one bad
 * song does not fail its batch-mates. Output: when a song's last chunk has ended, one {@link
 * SongReady} (every chunk converted) or one dead letter (stage ConvertChunks, the first failed
 * chunk's reason), so each song is reported once.
 */
public final class ConvertChunks extends PTransform<PCollection<Chunk>, StageOutput<SongReady>> {

  static final TupleTag<SongReady> READY = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final BatchPlan batches;
  private final Map<String, VoiceModel> voices;
  private final ChunkConverterLoader converters;
  private final WorkKey workKey;
  private final String outputLocation;
  private final WorkerEnvironment worker;

  private ConvertChunks(
      BatchPlan batches,
      Map<String, VoiceModel> voices,
      ChunkConverterLoader converters,
      WorkKey workKey,
      String outputLocation,
      WorkerEnvironment worker) {
    this.batches = batches;
    this.voices = new TreeMap<>(voices);
    this.converters = converters;
    this.workKey = workKey;
    this.outputLocation = outputLocation;
    this.worker = worker;
  }

  /**
   * @param batches the job's batch plan: chunks per batch ({@code batchSize}) and the row
   *     lengths chunks are grouped by
   * @param voices the job's voices by name
   * @param converters loads a voice's converter on each worker (serialised to the workers)
   * @param workKey the job's work-folder keys: each chunk's outcome is saved under its song's
   * @param outputLocation where the work folder lives
   * @param worker what a worker JVM sets before its first model loads
   */
  public static ConvertChunks of(
      BatchPlan batches,
      Map<String, VoiceModel> voices,
      ChunkConverterLoader converters,
      WorkKey workKey,
      String outputLocation,
      WorkerEnvironment worker) {
    return new ConvertChunks(batches, voices, converters, workKey, outputLocation, worker);
  }

  @Override
  public StageOutput<SongReady> expand(PCollection<Chunk> chunks) {
    PCollectionTuple out = chunks
        .apply("KeyByVoice", ParDo.of(new KeyByVoiceFn(batches)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AudioCoders.chunk()))
        .apply("Batch", GroupIntoBatches.<String, Chunk>ofSize(batches.slots()).withShardedKey())
        // A key's batches come out of one worker thread (the DirectRunner and Flink shard a key
        // by the thread that emitted its chunks; Dataflow batch groups a key on one worker), so
        // one long song would convert on one thread while the others idle (a one-hour song at
        // 1.6x real time on 2 cores instead of 0.95x). Spreading the batches lets every converter
        // take them; a chunk's bytes do not depend on where it is converted.
        .apply("SpreadBatches", Redistribute.arbitrarily())
        .apply(
            "Convert",
            ParDo.of(new ConvertBatchFn(voices, converters, workKey, outputLocation, worker))
                .withOutputTags(READY, TupleTagList.of(FAILED)));
    out.get(READY).setCoder(SongReady.coder());
    return StageOutput.of(out, READY, FAILED);
  }

  /** Keys a chunk by its voice and its bucket of the batch plan ({@code voice \n bucket}). */
  static final class KeyByVoiceFn extends DoFn<Chunk, KV<String, Chunk>> {
    private final BatchPlan batchPlan;

    KeyByVoiceFn(BatchPlan batchPlan) {
      this.batchPlan = batchPlan;
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
      extends DoFn<KV<ShardedKey<String>, Iterable<Chunk>>, SongReady> {
    private final Counter batches = Metrics.counter(Failures.NAMESPACE, "batchesConverted");
    private final Counter converted = Metrics.counter(Failures.NAMESPACE, "chunksConverted");
    private final Map<String, VoiceModel> voices;
    private final ChunkConverterLoader loader;
    private final WorkKey workKey;
    private final WorkFolder work;
    private final WorkerEnvironment worker;
    private final String runId = UUID.randomUUID().toString();
    private transient ModelLeases<String, ChunkConverter> converters;

    ConvertBatchFn(
        Map<String, VoiceModel> voices,
        ChunkConverterLoader loader,
        WorkKey workKey,
        String outputLocation,
        WorkerEnvironment worker) {
      this.voices = voices;
      this.loader = loader;
      this.workKey = workKey;
      this.work = new WorkFolder(outputLocation);
      this.worker = worker;
    }

    @Setup
    public void setup() {
      converters = ModelLeases.open(worker, loader.device(),
          name -> loader.key(voice(name)), name -> loader.load(voice(name)));
    }

    @ProcessElement
    public void process(
        @Element KV<ShardedKey<String>, Iterable<Chunk>> batch,
        MultiOutputReceiver out) {
      String voice = voiceOf(batch.getKey().getKey());
      List<Chunk> chunks = new ArrayList<>();
      batch.getValue().forEach(chunks::add);
      ChunkConverter converter;
      try {
        converter = converters.get(voice);
      } catch (Exception e) {
        for (Chunk chunk : chunks) {
          emitFailure(chunk, "voice '" + voice + "' cannot be used", e, out);
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
          emitFailure(chunks.get(0), null, e, out);
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
        ChunkConverter converter, Chunk chunk, MultiOutputReceiver out) {
      long start = System.nanoTime();
      try {
        List<float[]> audio = converter.convert(List.of(chunk));
        checkOutputs(List.of(chunk), audio);
        emitConverted(List.of(chunk), audio, converter.sampleRate(), System.nanoTime() - start, out);
      } catch (Exception e) {
        emitFailure(chunk, null, e, out);
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
        MultiOutputReceiver out) {
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
        ended(
            chunk,
            new ConvertedChunk(
                chunk.song().id(), chunk.index(), chunk.count(), audio.get(i), sampleRate, share,
                null),
            out);
      }
    }

    /**
     * Makes the chunk's outcome durable, then, if it was the song's last chunk to end, emits the
     * song once: ready to stitch, or its first failure. Two workers ending a song's last chunks
     * at the same moment may both see it complete; within a JVM a claim stops the second, across
     * JVMs the second stitch writes the same bytes to the same names (see {@link StitchSong}).
     */
    private void ended(Chunk chunk, ConvertedChunk result, MultiOutputReceiver out) {
      Song song = chunk.song();
      try {
        String key = workKey.forSong(song);
        if (result.isFailed()) {
          work.writeFailure(key, chunk.index(), result.failure());
        } else {
          work.writeChunk(key, result);
        }
        if (work.endedChunks(song.id(), key, chunk.count()) < chunk.count()
            || !SongClaims.claim(runId, song.id())) {
          return;
        }
        DeadLetter failure = work.firstFailure(song.id(), key);
        if (failure != null) {
          Failures.emit(out, FAILED, failure);
        } else {
          out.get(READY).output(new SongReady(song, key, chunk.count()));
        }
      } catch (Exception e) {
        if (SongClaims.claim(runId, song.id())) {
          Failures.emit(
              out, FAILED,
              DeadLetter.of(song, Stage.CONVERT_CHUNKS,
                  "chunk " + chunk.index() + " could not be saved to the work folder", e));
        }
      }
    }

    /** @param context what was being done, before the exception's description; or null */
    private void emitFailure(
        Chunk chunk, String context, Exception error, MultiOutputReceiver out) {
      String where = "chunk " + chunk.index() + " of " + chunk.count() + " (16 kHz samples from "
          + chunk.offset() + " of the padded song)";
      DeadLetter letter = DeadLetter.of(chunk.song(), Stage.CONVERT_CHUNKS,
          context == null ? where : where + ": " + context, error);
      Progress.chunkFailed(chunk);
      ended(chunk, ConvertedChunk.failed(chunk, letter), out);
    }

    private VoiceModel voice(String name) {
      VoiceModel voice = voices.get(name);
      if (voice == null) {
        throw new IllegalArgumentException(
            "unknown voice '" + name + "'; voices: " + voices.keySet());
      }
      return voice;
    }

    @Teardown
    public void teardown() throws Exception {
      if (converters != null) {
        converters.close();
      }
    }
  }
}
