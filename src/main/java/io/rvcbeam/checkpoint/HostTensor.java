package io.rvcbeam.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense tensor held in host memory, as read from a checkpoint, {@code .npy} or index file.
 *
 * <p>Data is contiguous, C order, little-endian. Immutable: the buffer is never handed out
 * writable. Conversions widen or narrow to the requested Java type.
 */
public final class HostTensor {

  /** Element types found in PyTorch, NumPy and safetensors files. */
  public enum DType {
    FLOAT16(2),
    BFLOAT16(2),
    FLOAT32(4),
    FLOAT64(8),
    INT8(1),
    UINT8(1),
    INT16(2),
    INT32(4),
    INT64(8),
    BOOL(1);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    public int bytes() {
      return bytes;
    }

    public boolean isFloating() {
      return this == FLOAT16 || this == BFLOAT16 || this == FLOAT32 || this == FLOAT64;
    }
  }

  private final DType dtype;
  private final long[] shape;
  private final ByteBuffer data;

  /**
   * @param data exactly {@code numel * dtype.bytes()} bytes, C order; read from its position
   */
  public HostTensor(DType dtype, long[] shape, ByteBuffer data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    long n = numel(shape);
    if (data.remaining() != n * dtype.bytes()) {
      throw new IllegalArgumentException(
          "tensor of shape " + Arrays.toString(shape) + " and dtype " + dtype + " needs "
              + n * dtype.bytes() + " bytes, got " + data.remaining());
    }
    this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  public static HostTensor ofFloats(float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new HostTensor(DType.FLOAT32, shape, b);
  }

  public static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public DType dtype() {
    return dtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public long dim(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  public long numel() {
    return numel(shape);
  }

  /** A read-only little-endian view of the raw bytes. */
  public ByteBuffer rawBytes() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  public float[] toFloatArray() {
    int n = Math.toIntExact(numel());
    float[] out = new float[n];
    ByteBuffer b = rawBytes();
    switch (dtype) {
      case FLOAT32 -> b.asFloatBuffer().get(out);
      case FLOAT16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(b.getShort(2 * i));
        }
      }
      case BFLOAT16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
        }
      }
      default -> {
        double[] d = toDoubleArray();
        for (int i = 0; i < n; i++) {
          out[i] = (float) d[i];
        }
      }
    }
    return out;
  }

  public double[] toDoubleArray() {
    int n = Math.toIntExact(numel());
    double[] out = new double[n];
    ByteBuffer b = rawBytes();
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (dtype) {
            case FLOAT64 -> b.getDouble(8 * i);
            case FLOAT32 -> b.getFloat(4 * i);
            case FLOAT16 -> halfToFloat(b.getShort(2 * i));
            case BFLOAT16 -> Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
            case INT8 -> b.get(i);
            case UINT8 -> b.get(i) & 0xff;
            case BOOL -> b.get(i) != 0 ? 1 : 0;
            case INT16 -> b.getShort(2 * i);
            case INT32 -> b.getInt(4 * i);
            case INT64 -> b.getLong(8 * i);
          };
    }
    return out;
  }

  public long[] toLongArray() {
    int n = Math.toIntExact(numel());
    long[] out = new long[n];
    ByteBuffer b = rawBytes();
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (dtype) {
            case INT64 -> b.getLong(8 * i);
            case INT32 -> b.getInt(4 * i);
            case INT16 -> b.getShort(2 * i);
            case INT8 -> b.get(i);
            case UINT8, BOOL -> b.get(i) & 0xff;
            default -> (long) toDoubleArray()[i];
          };
    }
    return out;
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat arrives only in Java 20). */
  public static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      float f = mant * 0x1p-24f;
      return sign != 0 ? -f : f;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  @Override
  public String toString() {
    return "HostTensor(" + dtype + ", " + Arrays.toString(shape) + ")";
  }
}
