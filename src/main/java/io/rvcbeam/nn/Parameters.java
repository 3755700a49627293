package io.rvcbeam.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.HostTensor;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named weights of one network, uploaded on demand to a manager's device in the compute dtype.
 *
 * <p>Built once at model load. Every tensor read is recorded, so a loader can insist that the
 * checkpoint held nothing it did not use ({@link #unused()}). Weight-normalised layers are folded
 * here, for both key spellings in RVC files.
 */
public final class Parameters {

  private final String source;
  private final Map<String, HostTensor> tensors;
  private final NDManager manager;
  private final DataType dtype;
  private final Set<String> used = new TreeSet<>();

  /**
   * @param source the file the weights came from, named in every error
   * @param manager owns the uploaded arrays (the model's long-lived manager)
   * @param dtype compute dtype (FLOAT32, or FLOAT16 on a GPU)
   */
  public Parameters(String source, Map<String, HostTensor> tensors, NDManager manager,
      DataType dtype) {
    this.source = source;
    this.tensors = tensors;
    this.manager = manager;
    this.dtype = dtype;
  }

  public String source() {
    return source;
  }

  public NDManager manager() {
    return manager;
  }

  public DataType dtype() {
    return dtype;
  }

  public boolean has(String key) {
    return tensors.containsKey(key);
  }

  /** The host tensor, marking it used; for shapes and sizes. */
  public HostTensor host(String key) {
    HostTensor t = tensors.get(key);
    if (t == null) {
      throw new IllegalArgumentException(source + ": missing weight '" + key + "'");
    }
    used.add(key);
    return t;
  }

  public long[] shape(String key) {
    HostTensor t = tensors.get(key);
    if (t == null) {
      throw new IllegalArgumentException(source + ": missing weight '" + key + "'");
    }
    return t.shape();
  }

  /** The tensor in the compute dtype on the manager's device. */
  public NDArray get(String key) {
    HostTensor t = host(key);
    NDArray a = manager.create(t.toFloatArray(), new Shape(t.shape()));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  /** The tensor, checked against an expected shape. */
  public NDArray get(String key, long... expectedShape) {
    long[] actual = shape(key);
    if (!java.util.Arrays.equals(actual, expectedShape)) {
      throw new IllegalArgumentException(
          source + ": weight '" + key + "' has shape " + java.util.Arrays.toString(actual)
              + ", expected " + java.util.Arrays.toString(expectedShape));
    }
    return get(key);
  }

  /**
   * The effective weight of a layer {@code prefix}: {@code prefix.weight}, or the weight-norm pair
   * folded as {@code g * v / ||v||} (norm over every axis but {@code dim}), in either spelling:
   * {@code weight_g/weight_v} or {@code parametrizations.weight.original0/original1}.
   */
  public NDArray weight(String prefix, int dim) {
    String plain = prefix + ".weight";
    if (has(plain)) {
      return get(plain);
    }
    String g;
    String v;
    if (has(prefix + ".weight_g")) {
      g = prefix + ".weight_g";
      v = prefix + ".weight_v";
    } else if (has(prefix + ".parametrizations.weight.original0")) {
      g = prefix + ".parametrizations.weight.original0";
      v = prefix + ".parametrizations.weight.original1";
    } else {
      throw new IllegalArgumentException(source + ": missing weight '" + plain + "'");
    }
    float[] gv = host(g).toFloatArray();
    HostTensor vt = host(v);
    float[] vv = vt.toFloatArray();
    long[] shape = vt.shape();
    float[] folded = WeightNorm.fold(gv, vv, shape, dim);
    NDArray a = manager.create(folded, new Shape(shape));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  public NDArray weight(String prefix) {
    return weight(prefix, 0);
  }

  /** Keys present in the file that no loader asked for. */
  public Set<String> unused() {
    Set<String> rest = new TreeSet<>(tensors.keySet());
    rest.removeAll(used);
    return rest;
  }
}
