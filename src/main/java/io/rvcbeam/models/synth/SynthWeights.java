package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.nn.Parameters;
import io.rvcbeam.nn.WeightNorm;
import java.util.Arrays;

/**
 * Shape-checked access to a synthesizer's weights: every read states the shape the config implies,
 * and a missing key or a different shape fails with the file and key in the message.
 *
 * <p>Weights are folded (weight norm) and converted on the host in float32, then uploaded once in
 * the compute dtype to the model's manager.
 */
public final class SynthWeights {

  private final Parameters params;

  public SynthWeights(Parameters params) {
    this.params = params;
  }

  public Parameters parameters() {
    return params;
  }

  public NDManager manager() {
    return params.manager();
  }

  public DataType dtype() {
    return params.dtype();
  }

  /** {@code key}, checked to have {@code shape}, as float32 host values. */
  public float[] hostPlain(String key, long... shape) {
    check(key, shape);
    return params.host(key).toFloatArray();
  }

  /**
   * The folded weight of the weight-normalised layer {@code prefix} (dim 0), in either key
   * spelling; {@code shape} is the shape of {@code v} (and of the result).
   */
  public float[] hostNormed(String prefix, long... shape) {
    String g;
    String v;
    if (params.has(prefix + ".weight_g") || !params.has(prefix + ".parametrizations.weight.original0")) {
      g = prefix + ".weight_g";
      v = prefix + ".weight_v";
    } else {
      g = prefix + ".parametrizations.weight.original0";
      v = prefix + ".parametrizations.weight.original1";
    }
    long[] gShape = new long[shape.length];
    Arrays.fill(gShape, 1);
    gShape[0] = shape[0];
    check(g, gShape);
    check(v, shape);
    return WeightNorm.fold(params.host(g).toFloatArray(), params.host(v).toFloatArray(), shape, 0);
  }

  /** The shape of the weight-normalised layer {@code prefix}'s {@code v}, in either spelling. */
  public long[] normedShape(String prefix) {
    String v = params.has(prefix + ".weight_v") ? prefix + ".weight_v"
        : prefix + ".parametrizations.weight.original1";
    if (!params.has(v)) {
      throw new IllegalArgumentException(params.source() + ": missing weight '" + prefix
          + ".weight_v'");
    }
    return params.shape(v);
  }

  public NDArray plain(String key, long... shape) {
    return upload(hostPlain(key, shape), shape);
  }

  public NDArray normed(String prefix, long... shape) {
    return upload(hostNormed(prefix, shape), shape);
  }

  /** Weight of a layer, weight-normalised or plain. */
  public NDArray weight(String prefix, boolean weightNorm, long... shape) {
    return weightNorm ? normed(prefix, shape) : plain(prefix + ".weight", shape);
  }

  /** A Conv1d {@code prefix} with bias; weight [out, in, k]. */
  public Conv1dLayer conv(String prefix, boolean weightNorm, long out, long in, long k,
      int stride, int padding, int dilation) {
    NDArray w = weight(prefix, weightNorm, out, in, k);
    NDArray b = plain(prefix + ".bias", out);
    return new Conv1dLayer(w, b, stride, padding, dilation);
  }

  /** A stride-1 "same" Conv1d with bias. */
  public Conv1dLayer convSame(String prefix, boolean weightNorm, long out, long in, long k,
      int dilation) {
    return conv(prefix, weightNorm, out, in, k, 1, (int) (k * dilation - dilation) / 2, dilation);
  }

  public NDArray upload(float[] values, long... shape) {
    NDArray a = params.manager().create(values, new Shape(shape));
    if (params.dtype() == DataType.FLOAT32) {
      return a;
    }
    NDArray c = a.toType(params.dtype(), false);
    a.close();
    return c;
  }

  private void check(String key, long[] shape) {
    if (!params.has(key)) {
      throw new IllegalArgumentException(params.source() + ": missing weight '" + key + "'");
    }
    long[] actual = params.shape(key);
    if (!Arrays.equals(actual, shape)) {
      throw new IllegalArgumentException(params.source() + ": weight '" + key + "' has shape "
          + Arrays.toString(actual) + ", the config implies " + Arrays.toString(shape));
    }
    HostTensor t = params.host(key);
    if (!t.dtype().isFloating()) {
      throw new IllegalArgumentException(
          params.source() + ": weight '" + key + "' has dtype " + t.dtype());
    }
  }
}
