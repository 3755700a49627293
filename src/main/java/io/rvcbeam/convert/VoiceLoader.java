package io.rvcbeam.convert;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.FaissIndex;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.Synthesizer;
import java.nio.file.Path;

/**
 * The one place a voice is loaded for {@code run}, {@code convert} and {@code benchmark}: the
 * networks on the {@link OptimizationConfig}'s device and dtype, the index searched the way it
 * asks ({@code gpuRetrieval}: exact kNN on the device, else the FAISS-compatible IVF search), the
 * batch plan it asks for (on a GPU only once {@link SlotInvarianceCheck} has passed) and its
 * chunking. The content encoder and the pitch model are loaded here too but owned by the caller,
 * which may share them between voices.
 */
public final class VoiceLoader {

  private final OptimizationConfig optimization;

  public VoiceLoader(OptimizationConfig optimization) {
    this.optimization = optimization;
  }

  public OptimizationConfig optimization() {
    return optimization;
  }

  public Device device() {
    return Device.fromName(optimization.device());
  }

  public DataType dtype() {
    return optimization.dtype() == OptimizationConfig.Dtype.FP16
        ? DataType.FLOAT16
        : DataType.FLOAT32;
  }

  /** The chunking constants in samples. */
  public ChunkConfig chunkConfig() {
    return optimization.chunking();
  }

  /** The batch plan of the configured batch size, before any slot check. */
  public BatchPlan batchPlan() {
    return BatchPlan.of(chunkConfig(), optimization.batchSize());
  }

  /**
   * The plan {@code voice} runs {@code batchSize} slots with: on a GPU only once {@link
   * SlotInvarianceCheck} has seen it keep a chunk's bytes in every slot (else one chunk per call,
   * said once); on the CPU as asked.
   */
  public BatchPlan batchPlan(VoiceConverter voice, int batchSize) {
    BatchPlan plan = BatchPlan.of(chunkConfig(), batchSize);
    return voice.synthesizer().device().isGpu() ? SlotInvarianceCheck.verified(voice, plan) : plan;
  }

  /** Whether indexes are searched exactly on the device ({@code gpuRetrieval}). */
  public boolean exactRetrieval() {
    return optimization.gpuRetrieval();
  }

  public ContentEncoder loadEncoder(Path embedder) throws CheckpointException {
    return HostCopies.collectAfter(ContentEncoder.load(embedder, device(), dtype()));
  }

  public PitchEstimator loadPitchModel(Path rmvpe) throws CheckpointException {
    return HostCopies.collectAfter(PitchEstimator.load(rmvpe, device(), dtype()));
  }

  /**
   * Loads a voice model and its index.
   *
   * @param index the voice's {@code .index}, or null for none
   * @param encoder the shared content encoder; not closed with the voice
   * @throws CheckpointException if the index does not fit the model (the message names both)
   * @throws IllegalArgumentException if the encoder's width does not fit the model
   */
  public LoadedVoice load(Path model, Path index, ContentEncoder encoder)
      throws CheckpointException {
    Synthesizer synthesizer = HostCopies.collectAfter(Synthesizer.load(model, device(), dtype()));
    Retrieval retrieval = null;
    try {
      if (index != null) {
        FaissIndex faiss = FaissIndex.read(index);
        Retrieval.check(faiss, synthesizer.config().phoneDim(),
            String.valueOf(model.getFileName()));
        retrieval = HostCopies.collectAfter(retrieval(faiss));
      }
      return assemble(synthesizer, retrieval, encoder);
    } catch (Exception | Error e) {
      if (retrieval != null) {
        retrieval.close();
      }
      synthesizer.close();
      throw e;
    }
  }

  /** The configured search over an index already read. */
  public Retrieval retrieval(FaissIndex index) {
    return exactRetrieval()
        ? ExactKnnRetrieval.of(index, device())
        : IvfRetrieval.of(index, device());
  }

  /**
   * A voice from networks already built (random weights for speed measurements): owns {@code
   * synthesizer} and {@code retrieval} from here on, closing them if it fails.
   */
  public LoadedVoice assemble(Synthesizer synthesizer, Retrieval retrieval,
      ContentEncoder encoder) {
    try {
      VoiceConverter converter = new VoiceConverter(encoder, synthesizer, retrieval);
      return new LoadedVoice(converter, retrieval, batchPlan(converter,
          optimization.batchSize()), chunkConfig().tPadTarget(synthesizer.sampleRate()));
    } catch (RuntimeException | Error e) {
      if (retrieval != null) {
        retrieval.close();
      }
      synthesizer.close();
      throw e;
    }
  }
}
