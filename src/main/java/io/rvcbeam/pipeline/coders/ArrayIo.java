package io.rvcbeam.pipeline.coders;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Compact binary I/O for the coders: arrays in bulk little-endian blocks, nullable strings. */
final class ArrayIo {

  private static final int BLOCK = 1 << 16;

  private ArrayIo() {}

  static void writeFloats(float[] values, DataOutputStream out) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    ByteBuffer buffer = ByteBuffer.allocate(4 * Math.min(values.length, BLOCK));
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < values.length; start += BLOCK) {
      int n = Math.min(BLOCK, values.length - start);
      buffer.clear();
      buffer.asFloatBuffer().put(values, start, n);
      out.write(buffer.array(), 0, 4 * n);
    }
  }

  static float[] readFloats(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    float[] values = new float[length];
    byte[] bytes = new byte[4 * Math.min(length, BLOCK)];
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < length; start += BLOCK) {
      int n = Math.min(BLOCK, length - start);
      in.readFully(bytes, 0, 4 * n);
      buffer.clear();
      buffer.asFloatBuffer().get(values, start, n);
    }
    return values;
  }

  /** Length (−1 for null), then the values: for short arrays (cut lists). */
  static void writeInts(int[] values, DataOutputStream out) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  static int[] readInts(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    int[] values = new int[length];
    for (int i = 0; i < length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  static void writeDoubles(double[] values, DataOutputStream out) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    ByteBuffer buffer = ByteBuffer.allocate(8 * Math.min(values.length, BLOCK));
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < values.length; start += BLOCK) {
      int n = Math.min(BLOCK, values.length - start);
      buffer.clear();
      buffer.asDoubleBuffer().put(values, start, n);
      out.write(buffer.array(), 0, 8 * n);
    }
  }

  static double[] readDoubles(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    double[] values = new double[length];
    byte[] bytes = new byte[8 * Math.min(length, BLOCK)];
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < length; start += BLOCK) {
      int n = Math.min(BLOCK, length - start);
      in.readFully(bytes, 0, 8 * n);
      buffer.clear();
      buffer.asDoubleBuffer().get(values, start, n);
    }
    return values;
  }

  static void writeString(String value, DataOutputStream out) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  static DataOutputStream data(OutputStream out) {
    return out instanceof DataOutputStream d ? d : new DataOutputStream(out);
  }

  static DataInputStream data(InputStream in) {
    return in instanceof DataInputStream d ? d : new DataInputStream(in);
  }
}
