package io.rvcbeam.models.rmvpe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.nn.Parameters;
import java.util.Arrays;

/**
 * One-layer bidirectional {@code nn.GRU(batch_first=True)} with zero initial state, run by
 * libtorch's fused GRU. Weights are passed in torch's {@code _flat_weights} order (forward
 * w_ih, w_hh, b_ih, b_hh, then the same four {@code _reverse}); gate order r, z, n.
 */
final class BiGru {

  private static final String[] SUFFIXES = {
    "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
    "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse"
  };

  private final NDList params;
  private final int inputSize;
  private final int hiddenSize;

  private BiGru(NDList params, int inputSize, int hiddenSize) {
    this.params = params;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
  }

  /** Reads {@code prefix.weight_ih_l0} … {@code prefix.bias_hh_l0_reverse}. */
  static BiGru read(Parameters p, String prefix) {
    long[] ih = p.shape(prefix + ".weight_ih_l0");
    if (ih.length != 2 || ih[0] % 3 != 0) {
      throw new IllegalArgumentException(p.source() + ": GRU weight '" + prefix
          + ".weight_ih_l0' should be [3H, I], is " + Arrays.toString(ih));
    }
    int hidden = (int) (ih[0] / 3);
    int input = (int) ih[1];
    long[][] expected = {
      {3L * hidden, input}, {3L * hidden, hidden}, {3L * hidden}, {3L * hidden}
    };
    NDList params = new NDList(SUFFIXES.length);
    for (int i = 0; i < SUFFIXES.length; i++) {
      params.add(p.get(prefix + "." + SUFFIXES[i], expected[i % 4]));
    }
    if (p.has(prefix + ".weight_ih_l1")) {
      throw new IllegalArgumentException(p.source() + ": GRU '" + prefix
          + "' has more than one layer; RMVPE uses one");
    }
    return new BiGru(params, input, hidden);
  }

  int inputSize() {
    return inputSize;
  }

  int hiddenSize() {
    return hiddenSize;
  }

  /** [B, T, I] -> [B, T, 2H] = concat(forward h_t, backward h_t). */
  NDArray forward(NDArray x) {
    long batch = x.getShape().get(0);
    NDArray h0 = x.getManager().zeros(new Shape(2, batch, hiddenSize), x.getDataType());
    return x.getNDArrayInternal()
        .gru(x, h0, params, true, 1, 0.0, false, true, true)
        .get(0);
  }
}
