package io.rvcbeam.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal readers for golden test files (.npy float32/float64 vectors, 16-bit PCM WAV). */
final class TestFiles {

  private TestFiles() {}

  /** A little-endian float64 or float32 .npy array, flattened to double[]. */
  static double[] npy(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int major = buf.get(6);
    int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
    int start = (major == 1 ? 10 : 12) + headerLen;
    String header =
        new String(buf.array(), major == 1 ? 10 : 12, headerLen, StandardCharsets.ISO_8859_1);
    buf.position(start);
    if (header.contains("'<f8'")) {
      double[] v = new double[buf.remaining() / 8];
      buf.asDoubleBuffer().get(v);
      return v;
    }
    if (header.contains("'<f4'")) {
      float[] f = new float[buf.remaining() / 4];
      buf.asFloatBuffer().get(f);
      double[] v = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        v[i] = f[i];
      }
      return v;
    }
    throw new IOException("unsupported npy header " + header);
  }

  /** Mono 16-bit PCM WAV samples as int16 / 32768 (soundfile's float64 reading). */
  static double[] wav16Mono(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    while (pos + 8 <= buf.limit()) {
      String id = new String(buf.array(), pos, 4, StandardCharsets.US_ASCII);
      int size = buf.getInt(pos + 4);
      if (id.equals("data")) {
        double[] v = new double[size / 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = buf.getShort(pos + 8 + 2 * i) / 32768.0;
        }
        return v;
      }
      pos += 8 + size + (size & 1);
    }
    throw new IOException("no data chunk in " + file);
  }
}
