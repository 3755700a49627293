package io.rvcbeam.components;

import io.rvcbeam.convert.LoadedVoice;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.convert.PitchTrack;
import io.rvcbeam.convert.VoiceLoader;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.pipeline.parts.AudioWriter;
import io.rvcbeam.pipeline.parts.ChunkConverter;
import io.rvcbeam.pipeline.parts.ChunkConverterLoader;
import io.rvcbeam.pipeline.parts.ChunkPlanner;
import io.rvcbeam.pipeline.parts.ConversionComponents;
import io.rvcbeam.pipeline.parts.LocalModelFiles;
import io.rvcbeam.pipeline.parts.ModelCache;
import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.parts.ModelValidator;
import io.rvcbeam.pipeline.parts.PitchTrackerLoader;
import io.rvcbeam.pipeline.parts.SongDecoder;
import io.rvcbeam.pipeline.parts.SongFilter;
import io.rvcbeam.pipeline.parts.SongPitchTracker;
import io.rvcbeam.pipeline.parts.SongStitcher;
import io.rvcbeam.pipeline.job.VoiceModel;
import java.util.List;

/**
 * The real components of {@code run}: the pipeline's seams over the conversion chain's step
 * objects in {@code convert} ({@link io.rvcbeam.convert.ToMono}, {@link
 * io.rvcbeam.convert.LimitAndHighPass}, {@link PitchTrack}, {@link io.rvcbeam.convert.ChunkPlan},
 * {@link io.rvcbeam.convert.VoiceConverter}, {@link io.rvcbeam.convert.Stitch}), the ones {@code
 * convert} and {@code benchmark} call too, with voices loaded by {@link VoiceLoader}.
 */
public class RvcComponents implements ConversionComponents {

  @Override
  public SongDecoder decoder() {
    return new FfmpegDecoder();
  }

  @Override
  public SongFilter highPass(OptimizationConfig optimization) {
    // gpuFilter changes nothing here: the filter is float64 on the CPU, exact and cheap.
    return new InputConditioner();
  }

  @Override
  public PitchTrackerLoader pitchTracker(ModelFiles models, OptimizationConfig optimization) {
    return new PitchTrackerLoader(models, optimization) {
      @Override
      public SongPitchTracker load() throws Exception {
        VoiceLoader loader = new VoiceLoader(optimization());
        PitchEstimator model =
            loader.loadPitchModel(LocalModelFiles.file(models().pitchModelUri()));
        return new RmvpePitchTracker(model, new PitchTrack(model, loader.chunkConfig()));
      }
    };
  }

  @Override
  public ChunkPlanner planner(OptimizationConfig optimization) {
    return new QuietPointPlanner(new VoiceLoader(optimization).chunkConfig());
  }

  /**
   * The voice model and its index per voice; the content encoder, which every voice shares, once
   * per worker through {@link ModelCache}.
   */
  @Override
  public ChunkConverterLoader chunkConverters(
      ModelFiles models, OptimizationConfig optimization) {
    return new ChunkConverterLoader(models, optimization) {
      @Override
      public ChunkConverter load(VoiceModel voice) throws Exception {
        VoiceLoader loader = new VoiceLoader(optimization());
        String embedder = models().embedderUri();
        ModelCache.Lease<ContentEncoder> encoder = ModelCache.acquire(
            key("embedder", List.of(embedder)),
            () -> loader.loadEncoder(LocalModelFiles.embedder(embedder)));
        try {
          LoadedVoice loaded = loader.load(LocalModelFiles.file(voice.modelUri()),
              voice.indexUri() == null ? null : LocalModelFiles.file(voice.indexUri()),
              encoder.get());
          return new RvcChunkConverter(loaded, encoder);
        } catch (Exception | Error e) {
          encoder.close();
          throw e;
        }
      }
    };
  }

  @Override
  public SongStitcher stitcher() {
    return new RvcStitcher();
  }

  @Override
  public AudioWriter writer() {
    return new FfmpegWriter();
  }

  @Override
  public ModelValidator validator() {
    return new CheckpointValidator();
  }
}
