package io.rvcbeam.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * A growable float64 sequence kept in fixed blocks, so that growing never copies and the final
 * array is the only second copy (a doubling array would hold up to three times the samples).
 */
final class DoubleBlocks {

  /**
   * Just under 32 MB with the array header: one region of the launcher's 32 MB G1 regions, so a
   * block is allocated outside the young generation and never copied by a young collection.
   */
  private static final int BLOCK = (1 << 22) - 16;

  private final List<double[]> blocks = new ArrayList<>();
  private long size;

  void add(double v) {
    int at = (int) (size % BLOCK);
    if (at == 0) {
      blocks.add(new double[BLOCK]);
    }
    blocks.get(blocks.size() - 1)[at] = v;
    size++;
  }

  /** Every value, in one array; empties the blocks. */
  double[] toArray() {
    double[] out = new double[Math.toIntExact(size)];
    for (int b = 0; b < blocks.size(); b++) {
      int from = b * BLOCK;
      System.arraycopy(blocks.get(b), 0, out, from, Math.min(BLOCK, out.length - from));
    }
    blocks.clear();
    size = 0;
    return out;
  }
}
