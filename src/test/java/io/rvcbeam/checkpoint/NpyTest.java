package io.rvcbeam.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

  @TempDir Path dir;

  /** Writes a .npy file with the given header dict and raw little-endian data. */
  static byte[] npy(int major, String dict, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    int prefix = major == 1 ? 10 : 12;
    StringBuilder h = new StringBuilder(dict);
    while ((prefix + h.length() + 1) % 64 != 0) {
      h.append(' ');
    }
    h.append('\n');
    ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      len.putShort((short) h.length());
    } else {
      len.putInt(h.length());
    }
    out.writeBytes(len.array());
    out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static byte[] le(int bytesPer, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      switch (bytesPer) {
        case 1 -> b.put((byte) v);
        case 2 -> b.putShort((short) v);
        case 4 -> b.putInt((int) v);
        default -> b.putLong(v);
      }
    }
    return b.array();
  }

  @Test
  void givenGoldenFloat32Array_readsShapeAndValues() throws Exception {
    HostTensor mel = Npy.read(Golden.path("stages/rmvpe_mel.npy"));
    assertEquals(HostTensor.DType.FLOAT32, mel.dtype());
    assertArrayEquals(new long[] {1, 128, 301}, mel.shape());
    float[] v = mel.toFloatArray();
    // log(clamp(min=1e-5)) never goes below log(1e-5)
    for (float x : v) {
      assertTrue(x >= (float) Math.log(1e-5) - 1e-4f && Float.isFinite(x), "value " + x);
    }
  }

  @Test
  void givenGoldenInt64AndFloat64Arrays_readsThem() throws Exception {
    HostTensor coarse = Npy.read(Golden.path("stages/pitch_shift_p2_coarse.npy"));
    HostTensor pitchf = Npy.read(Golden.path("stages/pitch_shift_p2_pitchf.npy"));
    assertEquals(HostTensor.DType.INT64, coarse.dtype());
    assertEquals(HostTensor.DType.FLOAT64, pitchf.dtype());
    assertArrayEquals(new long[] {301}, coarse.shape());
    long[] c = coarse.toLongArray();
    double[] f = pitchf.toDoubleArray();
    int voiced = 0;
    for (int i = 0; i < c.length; i++) {
      assertTrue(c[i] >= 1 && c[i] <= 255);
      if (f[i] == 0) {
        assertEquals(1, c[i], "unvoiced frame " + i);
      }
      voiced += f[i] > 0 ? 1 : 0;
    }
    assertTrue(voiced > 150 && voiced < 200, "about 60 % voiced, got " + voiced);
  }

  @Test
  void givenGoldenInt8Draws_readsCodes() throws Exception {
    HostTensor draw =
        Npy.read(Golden.path("synth/tiny_v2_40k_f0/quant16_draw0_randn_like_int8_div16.npy"));
    assertEquals(HostTensor.DType.INT8, draw.dtype());
    assertArrayEquals(new long[] {1, 16, 64}, draw.shape());
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long x : draw.toLongArray()) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    assertTrue(min >= -127 && max <= 127 && min < -16 && max > 16, min + ".." + max);
  }

  @Test
  void givenIndexReconstructions_readsBothWidths() throws Exception {
    HostTensor v2 =
        Npy.read(Golden.path("models/added_IVF5_Flat_nprobe_1_tiny_v2.reconstruct_n.npy"));
    HostTensor v1 =
        Npy.read(Golden.path("models/added_IVF5_Flat_nprobe_1_tiny_v1.reconstruct_n.npy"));
    assertArrayEquals(new long[] {198, 768}, v2.shape());
    assertArrayEquals(new long[] {198, 256}, v1.shape());
    assertEquals(HostTensor.DType.FLOAT32, v1.dtype());
    assertTrue(
        java.util.Arrays.stream(new double[] {v1.toDoubleArray()[0], v2.toDoubleArray()[0]})
            .allMatch(Double::isFinite));
  }

  @Test
  void givenEveryDtype_readsValues() throws Exception {
    String[] descrs = {"|i1", "|u1", "<i2", "<i4", "<i8", "|b1"};
    int[] sizes = {1, 1, 2, 4, 8, 1};
    for (int k = 0; k < descrs.length; k++) {
      long[] values =
          descrs[k].equals("|b1")
              ? new long[] {1, 0, 1, 1, 0, 0}
              : new long[] {1, -2, 3, 100, -5, 6};
      if (descrs[k].equals("|u1")) {
        values = new long[] {1, 254, 3, 100, 5, 6};
      }
      Path p =
          write(
              "a" + k + ".npy",
              npy(
                  1,
                  "{'descr': '" + descrs[k] + "', 'fortran_order': False, 'shape': (2, 3), }",
                  le(sizes[k], values)));
      HostTensor t = Npy.read(p);
      assertArrayEquals(new long[] {2, 3}, t.shape(), descrs[k]);
      assertArrayEquals(values, t.toLongArray(), descrs[k]);
    }
    ByteBuffer f = ByteBuffer.allocate(12 + 24 + 4).order(ByteOrder.LITTLE_ENDIAN);
    f.putShort((short) 0x3c00).putShort((short) 0xc000); // f2: 1.0, -2.0
    f.putDouble(0.1).putDouble(-7.25).putDouble(1e300); // f8
    f.putFloat(3.5f); // f4
    byte[] all = f.array();
    HostTensor half =
        Npy.read(
            write(
                "h.npy",
                npy(
                    1,
                    "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }",
                    java.util.Arrays.copyOfRange(all, 0, 4))));
    assertArrayEquals(new float[] {1f, -2f}, half.toFloatArray());
    HostTensor dbl =
        Npy.read(
            write(
                "d.npy",
                npy(
                    2,
                    "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                    java.util.Arrays.copyOfRange(all, 4, 28))));
    assertArrayEquals(new double[] {0.1, -7.25, 1e300}, dbl.toDoubleArray());
    HostTensor scalar =
        Npy.read(
            write(
                "s.npy",
                npy(
                    1,
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                    java.util.Arrays.copyOfRange(all, 28, 32))));
    assertEquals(0, scalar.rank());
    assertArrayEquals(new float[] {3.5f}, scalar.toFloatArray());
  }

  @Test
  void givenFortranOrder_refusesNamingTheFile() throws Exception {
    Path p =
        write(
            "fortran.npy",
            npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16]));
    CheckpointException e = assertThrows(CheckpointException.class, () -> Npy.read(p));
    assertTrue(
        e.getMessage().contains(p.toString()) && e.getMessage().contains("Fortran"),
        e.getMessage());
  }

  @Test
  void givenBigEndian_refusesNamingTheFile() throws Exception {
    Path p =
        write(
            "big.npy",
            npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]));
    CheckpointException e = assertThrows(CheckpointException.class, () -> Npy.read(p));
    assertTrue(
        e.getMessage().contains(p.toString()) && e.getMessage().contains("big-endian"),
        e.getMessage());
  }

  @Test
  void givenUnsupportedDtype_refuses() throws Exception {
    Path p =
        write(
            "c.npy",
            npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
    CheckpointException e = assertThrows(CheckpointException.class, () -> Npy.read(p));
    assertTrue(
        e.getMessage().contains(p.toString()) && e.getMessage().contains("<c8"), e.getMessage());
  }

  @Test
  void givenTruncatedData_refuses() throws Exception {
    Path p =
        write(
            "short.npy",
            npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new byte[15]));
    CheckpointException e = assertThrows(CheckpointException.class, () -> Npy.read(p));
    assertTrue(
        e.getMessage().contains(p.toString()) && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void givenMissingEmptyOrForeignFile_refusesWithDistinctMessages() throws Exception {
    Path missing = dir.resolve("missing.npy");
    Path empty = write("empty.npy", new byte[0]);
    Path text = write("text.npy", "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
    String m1 = assertThrows(CheckpointException.class, () -> Npy.read(missing)).getMessage();
    String m2 = assertThrows(CheckpointException.class, () -> Npy.read(empty)).getMessage();
    String m3 = assertThrows(CheckpointException.class, () -> Npy.read(text)).getMessage();
    assertTrue(m1.startsWith(missing.toString()) && m1.contains("no such file"), m1);
    assertTrue(m2.startsWith(empty.toString()) && m2.contains("empty"), m2);
    assertTrue(m3.startsWith(text.toString()) && m3.contains("not a NumPy"), m3);
  }
}
