package io.rvcbeam.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One storage record of a PyTorch zip checkpoint ({@code <prefix>/data/<key>}): raw little-endian
 * elements that tensors view through an offset, sizes and strides.
 */
final class TorchStorage {

  private final String file;
  private final String key;
  private final HostTensor.DType dtype;
  private final long numel;
  private final byte[] bytes;

  TorchStorage(String file, String key, HostTensor.DType dtype, long numel, byte[] bytes)
      throws CheckpointException {
    this.file = file;
    this.key = key;
    this.dtype = dtype;
    this.numel = numel;
    this.bytes = bytes;
    if (numel < 0 || (long) bytes.length < numel * dtype.bytes()) {
      throw new CheckpointException(
          file,
          "storage data/"
              + key
              + " holds "
              + bytes.length
              + " bytes but the pickle declares "
              + numel
              + " "
              + dtype
              + " elements ("
              + numel * dtype.bytes()
              + " bytes)",
          null);
    }
  }

  HostTensor.DType dtype() {
    return dtype;
  }

  /**
   * The tensor {@code storage[offset + Σ i_k·stride_k]}, copied to C order unless it already is.
   */
  HostTensor view(long offset, long[] size, long[] stride) throws CheckpointException {
    String what =
        "tensor of size "
            + Arrays.toString(size)
            + ", stride "
            + Arrays.toString(stride)
            + ", offset "
            + offset
            + " in storage data/"
            + key;
    if (size.length != stride.length) {
      throw problem(what + ": size and stride ranks differ");
    }
    long count = 1;
    long last = offset;
    try {
      for (int k = 0; k < size.length; k++) {
        if (size[k] < 0 || stride[k] < 0) {
          throw problem(what + ": negative size or stride");
        }
        count = Math.multiplyExact(count, size[k]);
        if (size[k] > 0) {
          last = Math.addExact(last, Math.multiplyExact(size[k] - 1, stride[k]));
        }
      }
    } catch (ArithmeticException e) {
      throw problem(what + ": size overflows");
    }
    if (offset < 0) {
      throw problem(what + ": negative storage offset");
    }
    if (count == 0) {
      return new HostTensor(dtype, size, ByteBuffer.allocate(0));
    }
    if (last >= numel) {
      throw problem(
          "tensor data out of bounds: "
              + what
              + " reaches element "
              + last
              + " but the storage has "
              + numel
              + " elements");
    }
    if (count * dtype.bytes() > Integer.MAX_VALUE) {
      throw problem(what + ": tensor larger than 2 GiB is not supported");
    }
    int es = dtype.bytes();
    if (isContiguous(size, stride)) {
      return new HostTensor(
          dtype, size, ByteBuffer.wrap(bytes, (int) (offset * es), (int) (count * es)).slice());
    }
    byte[] out = new byte[(int) (count * es)];
    long[] index = new long[size.length];
    long src = offset;
    for (int i = 0; i < count; i++) {
      System.arraycopy(bytes, (int) (src * es), out, i * es, es);
      for (int k = size.length - 1; k >= 0; k--) {
        index[k]++;
        src += stride[k];
        if (index[k] < size[k]) {
          break;
        }
        src -= index[k] * stride[k];
        index[k] = 0;
      }
    }
    return new HostTensor(dtype, size, ByteBuffer.wrap(out));
  }

  private static boolean isContiguous(long[] size, long[] stride) {
    long expected = 1;
    for (int k = size.length - 1; k >= 0; k--) {
      if (size[k] != 1 && stride[k] != expected) {
        return false;
      }
      expected *= size[k];
    }
    return true;
  }

  private CheckpointException problem(String message) {
    return new CheckpointException(file, message, null);
  }
}
