package io.rvcbeam.convert;

import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.FaissIndex;
import java.nio.file.Path;

/**
 * Feature retrieval with a voice model's {@code .index}: the k = 8 nearest stored training
 * features of each content frame, blended into the frame (docs/algorithm.md §6). Two ways: {@link
 * IvfRetrieval} searches as FAISS does (the reference's output) on the host; {@link
 * ExactKnnRetrieval} does an exact search on a DJL device.
 */
public interface Retrieval extends AutoCloseable {

  /** Neighbours per frame, as the reference asks FAISS for. */
  int K = 8;

  /** Width of the stored features (768 for v2 models, 256 for v1). */
  int width();

  /** @param queries [T, width] content features */
  Neighbours search(float[] queries);

  /**
   * The reference's blend {@code r·rate + (1 − rate)·features} with {@code r} the neighbours'
   * weighted mean ({@link RetrievalBlend}).
   *
   * @param features [T, width] content features before the ×2 upsample
   * @return [T, width]
   */
  float[] blend(float[] features, double rate);

  @Override
  void close();

  /**
   * Reads an {@code .index} for a voice model and checks that its vectors have the model's
   * content width.
   *
   * @param expectedWidth the model's content-feature width (768 for v2, 256 for v1)
   * @param modelName the voice model's file name, for the error message
   * @throws CheckpointException if the file cannot be read, is not an L2 index with vectors, or
   *     has another width; the message names both files and both widths
   */
  static IvfRetrieval open(Path index, int expectedWidth, String modelName)
      throws CheckpointException {
    FaissIndex faiss = FaissIndex.read(index);
    check(faiss, expectedWidth, modelName);
    return IvfRetrieval.of(faiss);
  }

  /** The checks of {@link #open}, for an index already read. */
  static void check(FaissIndex faiss, int expectedWidth, String modelName)
      throws CheckpointException {
    if (faiss.d() != expectedWidth) {
      throw new CheckpointException(
          faiss.file(),
          "index vectors are " + faiss.d() + " wide but voice model " + modelName
              + " uses " + expectedWidth + "-wide content features (v" + (expectedWidth == 768
                  ? "2" : "1") + "); use the index trained with this model");
    }
    if (faiss.metric() != FaissIndex.METRIC_L2) {
      throw new CheckpointException(faiss.file(),
          "index metric " + faiss.metric() + " is not L2 (1); RVC indexes are L2");
    }
    if (faiss.ntotal() == 0) {
      throw new CheckpointException(faiss.file(),
          "index holds no vectors (a trained_ index?); use the added_ index of " + modelName);
    }
  }
}
