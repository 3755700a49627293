package io.rvcbeam.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes pickle opcodes by hand, and torch-style zip archives, for tests. */
final class PickleBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleBytes proto(int p) {
    return op(0x80).op(p);
  }

  PickleBytes op(int code) {
    out.write(code);
    return this;
  }

  PickleBytes raw(byte... bytes) {
    out.writeBytes(bytes);
    return this;
  }

  PickleBytes global(String module, String name) {
    op('c');
    raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  PickleBytes str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X');
    raw(le4(b.length));
    return raw(b);
  }

  PickleBytes shortStr(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return op(0x8c).op(b.length).raw(b);
  }

  PickleBytes integer(long v) {
    if (v >= 0 && v < 256) {
      return op('K').op((int) v);
    }
    if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      return op('J').raw(le4((int) v));
    }
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
    return op(0x8a).op(8).raw(b.array());
  }

  PickleBytes binfloat(double v) {
    return op('G').raw(ByteBuffer.allocate(8).putDouble(v).array());
  }

  PickleBytes mark() {
    return op('(');
  }

  PickleBytes tuple() {
    return op('t');
  }

  PickleBytes reduce() {
    return op('R');
  }

  PickleBytes stop() {
    return op('.');
  }

  /** {@code (a, b, ...)} of small ints. */
  PickleBytes intTuple(long... values) {
    mark();
    for (long v : values) {
      integer(v);
    }
    return tuple();
  }

  /** A persistent storage id {@code ('storage', torch.<type>, key, 'cpu', numel)} + BINPERSID. */
  PickleBytes storage(String type, String key, long numel) {
    mark().str("storage").global("torch", type).str(key).str("cpu").integer(numel).tuple();
    return op('Q');
  }

  /** {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
  PickleBytes tensor(String type, String key, long numel, long offset, long[] size, long[] stride) {
    global("torch._utils", "_rebuild_tensor_v2");
    mark();
    storage(type, key, numel);
    integer(offset);
    intTuple(size);
    intTuple(stride);
    op(0x89);
    global("collections", "OrderedDict").op(')').reduce();
    tuple();
    return reduce();
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  static byte[] le4(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  /** Writes a zip; entries stored (uncompressed) unless {@code deflate}. */
  static Path zip(Path file, Map<String, byte[]> entries, boolean deflate) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (!deflate) {
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }
}
