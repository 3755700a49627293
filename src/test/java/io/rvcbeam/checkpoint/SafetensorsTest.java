package io.rvcbeam.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Writes a safetensors file: header (padded to 8 bytes) + data. */
  private Path write(String name, ObjectNode header, byte[] data, int padTo) throws Exception {
    byte[] h = JSON.writeValueAsBytes(header);
    int len = (h.length + padTo - 1) / padTo * padTo;
    byte[] padded = Arrays.copyOf(h, len);
    Arrays.fill(padded, h.length, len, (byte) ' ');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(len).array());
    out.writeBytes(padded);
    out.writeBytes(data);
    return Files.write(dir.resolve(name), out.toByteArray());
  }

  private static ObjectNode entry(String dtype, long[] shape, long begin, long end) {
    ObjectNode n = JSON.createObjectNode();
    n.put("dtype", dtype);
    n.putPOJO("shape", shape);
    n.putPOJO("data_offsets", new long[] {begin, end});
    return n;
  }

  @Test
  void givenTensorsOfEveryDtype_readsValuesInHeaderOrder() throws Exception {
    ByteBuffer d = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    d.putFloat(1.5f).putFloat(-2f); // 0..8 F32 [2]
    d.putShort((short) 0x3c00).putShort((short) 0x4000); // 8..12 F16 [2] 1, 2
    d.putShort((short) 0x3f80).putShort((short) 0xc000); // 12..16 BF16 [2] 1, -2
    d.putDouble(0.25); // 16..24 F64 [1]
    d.putLong(-9); // 24..32 I64 [1]
    d.putInt(7).putShort((short) -3).put((byte) -1).put((byte) 200).put((byte) 1); // 32..41
    ObjectNode h = JSON.createObjectNode();
    h.putObject("__metadata__").put("format", "pt");
    h.set("z_f32", entry("F32", new long[] {2, 1}, 0, 8));
    h.set("a_f16", entry("F16", new long[] {2}, 8, 12));
    h.set("bf16", entry("BF16", new long[] {2}, 12, 16));
    h.set("f64", entry("F64", new long[] {}, 16, 24));
    h.set("i64", entry("I64", new long[] {1}, 24, 32));
    h.set("i32", entry("I32", new long[] {1}, 32, 36));
    h.set("i16", entry("I16", new long[] {1}, 36, 38));
    h.set("i8", entry("I8", new long[] {1}, 38, 39));
    h.set("u8", entry("U8", new long[] {1}, 39, 40));
    h.set("bool", entry("BOOL", new long[] {1}, 40, 41));
    h.set("empty", entry("F32", new long[] {0, 3}, 41, 41));
    Path f = write("m.safetensors", h, Arrays.copyOf(d.array(), 41), 8);
    Map<String, HostTensor> t = Safetensors.read(f);
    assertEquals(
        List.of("z_f32", "a_f16", "bf16", "f64", "i64", "i32", "i16", "i8", "u8", "bool", "empty"),
        List.copyOf(t.keySet()));
    assertArrayEquals(new long[] {2, 1}, t.get("z_f32").shape());
    assertArrayEquals(new float[] {1.5f, -2f}, t.get("z_f32").toFloatArray());
    assertArrayEquals(new float[] {1f, 2f}, t.get("a_f16").toFloatArray());
    assertArrayEquals(new float[] {1f, -2f}, t.get("bf16").toFloatArray());
    assertEquals(HostTensor.DType.BFLOAT16, t.get("bf16").dtype());
    assertArrayEquals(new double[] {0.25}, t.get("f64").toDoubleArray());
    assertArrayEquals(new long[] {-9}, t.get("i64").toLongArray());
    assertArrayEquals(new long[] {7}, t.get("i32").toLongArray());
    assertArrayEquals(new long[] {-3}, t.get("i16").toLongArray());
    assertArrayEquals(new long[] {-1}, t.get("i8").toLongArray());
    assertArrayEquals(new long[] {200}, t.get("u8").toLongArray());
    assertArrayEquals(new long[] {1}, t.get("bool").toLongArray());
    assertEquals(HostTensor.DType.BOOL, t.get("bool").dtype());
    assertEquals(0, t.get("empty").numel());
  }

  @Test
  void givenBadEntries_refusesNamingFileAndTensor() throws Exception {
    byte[] data = new byte[16];
    String[][] cases = {
      {"F32", "0", "20", "outside the data buffer"},
      {"F32", "8", "4", "outside the data buffer"},
      {"F32", "0", "12", "needs 16 bytes"},
      {"C64", "0", "16", "unsupported dtype C64"},
    };
    int i = 0;
    for (String[] c : cases) {
      ObjectNode h = JSON.createObjectNode();
      h.set("w", entry(c[0], new long[] {2, 2}, Long.parseLong(c[1]), Long.parseLong(c[2])));
      Path f = write("bad" + i++ + ".safetensors", h, data, 8);
      CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(f));
      assertTrue(
          e.getMessage().startsWith(f + ": ")
              && e.getMessage().contains("'w'")
              && e.getMessage().contains(c[3]),
          e.getMessage());
    }
  }

  @Test
  void givenMissingEmptyTruncatedOrMalformedFile_refuses() throws Exception {
    Path missing = dir.resolve("none.safetensors");
    Path empty = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
    Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
    byte[] bigHeader = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
    Path cut = Files.write(dir.resolve("cut.safetensors"), bigHeader);
    ByteBuffer junk = ByteBuffer.allocate(8 + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(8);
    junk.put("{not js}".getBytes(StandardCharsets.US_ASCII));
    Path malformed = Files.write(dir.resolve("junk.safetensors"), junk.array());
    String[][] cases = {
      {missing.toString(), "no such file"},
      {empty.toString(), "empty file"},
      {tiny.toString(), "truncated"},
      {cut.toString(), "header length 1000"},
      {malformed.toString(), "malformed safetensors JSON"},
    };
    for (String[] c : cases) {
      CheckpointException e =
          assertThrows(CheckpointException.class, () -> Safetensors.read(Path.of(c[0])));
      assertTrue(
          e.getMessage().startsWith(c[0] + ": ") && e.getMessage().contains(c[1]), e.getMessage());
    }
  }
}
