package io.rvcbeam.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format 1.0, 2.0 and 3.0): little-endian or byte-order-free
 * dtypes, C order.
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  public static HostTensor read(Path file) throws CheckpointException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
    }
    return parse(file, bytes);
  }

  static HostTensor parse(Path file, byte[] bytes) throws CheckpointException {
    if (bytes.length == 0) {
      throw new CheckpointException(file, "empty file (0 bytes), expected a .npy array");
    }
    if (bytes.length < 10 || !startsWithMagic(bytes)) {
      throw new CheckpointException(file, "not a NumPy .npy file (bad magic)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int major = bytes[6] & 0xff;
    long headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = b.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new CheckpointException(file, "truncated .npy header");
      }
      headerLen = b.getInt(8) & 0xffffffffL;
      headerStart = 12;
    } else {
      throw new CheckpointException(file, "unsupported .npy format version " + major);
    }
    if (headerStart + headerLen > bytes.length) {
      throw new CheckpointException(file, "truncated .npy header");
    }
    String header =
        new String(
            bytes,
            headerStart,
            (int) headerLen,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = find(file, DESCR, header, "descr");
    if ("True".equals(find(file, FORTRAN, header, "fortran_order"))) {
      throw new CheckpointException(
          file, "Fortran-order arrays are not supported; save the array in C order");
    }
    long[] shape = parseShape(file, find(file, SHAPE, header, "shape"));
    HostTensor.DType dtype = dtypeOf(file, descr);
    long dataStart = headerStart + headerLen;
    long need;
    try {
      need = Math.multiplyExact(HostTensor.numel(shape), (long) dtype.bytes());
    } catch (ArithmeticException e) {
      throw new CheckpointException(file, "array shape too large");
    }
    if (dataStart + need > bytes.length) {
      throw new CheckpointException(
          file,
          "truncated .npy data: shape "
              + java.util.Arrays.toString(shape)
              + " of "
              + descr
              + " needs "
              + need
              + " bytes, file has "
              + (bytes.length - dataStart));
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) need).slice();
    return new HostTensor(dtype, shape, data);
  }

  private static boolean startsWithMagic(byte[] bytes) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String find(Path file, Pattern p, String header, String key)
      throws CheckpointException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new CheckpointException(file, "malformed .npy header, no '" + key + "': " + header);
    }
    return m.group(1);
  }

  private static long[] parseShape(Path file, String text) throws CheckpointException {
    List<Long> dims = new ArrayList<>();
    for (String part : text.split(",")) {
      String t = part.trim();
      if (t.endsWith("L")) {
        t = t.substring(0, t.length() - 1);
      }
      if (!t.isEmpty()) {
        try {
          long d = Long.parseLong(t);
          if (d < 0) {
            throw new NumberFormatException();
          }
          dims.add(d);
        } catch (NumberFormatException e) {
          throw new CheckpointException(file, "malformed .npy shape (" + text + ")");
        }
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static HostTensor.DType dtypeOf(Path file, String descr) throws CheckpointException {
    if (descr.length() < 2) {
      throw new CheckpointException(file, "unsupported .npy dtype '" + descr + "'");
    }
    char order = descr.charAt(0);
    String kind = descr.substring(1);
    if (order == '>') {
      throw new CheckpointException(
          file, "big-endian .npy dtype '" + descr + "' is not supported; save little-endian");
    }
    if (order != '<' && order != '|' && order != '=') {
      throw new CheckpointException(file, "unsupported .npy dtype '" + descr + "'");
    }
    return switch (kind) {
      case "f2" -> HostTensor.DType.FLOAT16;
      case "f4" -> HostTensor.DType.FLOAT32;
      case "f8" -> HostTensor.DType.FLOAT64;
      case "i1" -> HostTensor.DType.INT8;
      case "u1" -> HostTensor.DType.UINT8;
      case "i2" -> HostTensor.DType.INT16;
      case "i4" -> HostTensor.DType.INT32;
      case "i8" -> HostTensor.DType.INT64;
      case "b1" -> HostTensor.DType.BOOL;
      default ->
          throw new CheckpointException(
              file,
              "unsupported .npy dtype '" + descr + "' (supported: f2 f4 f8 i1 u1 i2 i4 i8 b1)");
    };
  }
}
