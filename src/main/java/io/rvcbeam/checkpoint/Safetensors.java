package io.rvcbeam.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file: a u64 little-endian header length, a JSON header of {@code
 * name → {dtype, shape, data_offsets}}, then the raw little-endian tensor bytes.
 */
public final class Safetensors {

  /** Larger JSON headers are refused (real ones are a few hundred KiB). */
  private static final long MAX_HEADER = 100L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Safetensors() {}

  /** Tensors in header order; the optional {@code __metadata__} entry is skipped. */
  public static Map<String, HostTensor> read(Path file) throws CheckpointException {
    if (Files.isDirectory(file)) {
      throw new CheckpointException(file, "is a directory, expected a .safetensors file");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        throw new CheckpointException(file, "empty file (0 bytes), expected a .safetensors file");
      }
      if (size < 8) {
        throw new CheckpointException(file, "truncated safetensors file (" + size + " bytes)");
      }
      long headerLen = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
        throw new CheckpointException(
            file,
            "not a safetensors file or truncated: header length "
                + Long.toUnsignedString(headerLen)
                + " does not fit in a file of "
                + size
                + " bytes");
      }
      ByteBuffer headerBytes = readFully(ch, 8, (int) headerLen);
      JsonNode header;
      try {
        header = JSON.readTree(StandardCharsets.UTF_8.decode(headerBytes).toString());
      } catch (IOException e) {
        throw new CheckpointException(
            file,
            "malformed safetensors JSON header: " + e.getMessage().lines().findFirst().orElse(""),
            e);
      }
      if (header == null || !header.isObject()) {
        throw new CheckpointException(file, "malformed safetensors header: not a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      Map<String, HostTensor> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (f.getKey().equals("__metadata__")) {
          continue;
        }
        out.put(f.getKey(), tensor(file, ch, f.getKey(), f.getValue(), dataStart, dataLen));
      }
      return Collections.unmodifiableMap(out);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "no such file", e);
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private static HostTensor tensor(
      Path file, FileChannel ch, String name, JsonNode spec, long dataStart, long dataLen)
      throws IOException {
    JsonNode dtypeNode = spec.get("dtype");
    JsonNode shapeNode = spec.get("shape");
    JsonNode offsets = spec.get("data_offsets");
    if (dtypeNode == null
        || !dtypeNode.isTextual()
        || shapeNode == null
        || !shapeNode.isArray()
        || offsets == null
        || !offsets.isArray()
        || offsets.size() != 2) {
      throw new CheckpointException(
          file, "malformed safetensors entry '" + name + "': needs dtype, shape, data_offsets");
    }
    HostTensor.DType dtype = dtypeOf(file, name, dtypeNode.asText());
    long[] shape = new long[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToLong() || d.asLong() < 0) {
        throw new CheckpointException(file, "tensor '" + name + "' has a bad shape " + shapeNode);
      }
      shape[i] = d.asLong();
      try {
        count = Math.multiplyExact(count, shape[i]);
      } catch (ArithmeticException e) {
        throw new CheckpointException(file, "tensor '" + name + "' shape overflows");
      }
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    if (begin < 0 || end < begin || end > dataLen) {
      throw new CheckpointException(
          file,
          "tensor '"
              + name
              + "' data offsets ["
              + offsets.get(0)
              + ", "
              + offsets.get(1)
              + "] lie outside the data buffer of "
              + dataLen
              + " bytes (truncated file?)");
    }
    if (end - begin != count * dtype.bytes()) {
      throw new CheckpointException(
          file,
          "tensor '"
              + name
              + "' of shape "
              + shapeNode
              + " and dtype "
              + dtypeNode.asText()
              + " needs "
              + count * dtype.bytes()
              + " bytes but its offsets span "
              + (end - begin));
    }
    if (end - begin > Integer.MAX_VALUE) {
      throw new CheckpointException(file, "tensor '" + name + "' is larger than 2 GiB");
    }
    return new HostTensor(dtype, shape, readFully(ch, dataStart + begin, (int) (end - begin)));
  }

  private static HostTensor.DType dtypeOf(Path file, String name, String dtype)
      throws CheckpointException {
    return switch (dtype) {
      case "F16" -> HostTensor.DType.FLOAT16;
      case "BF16" -> HostTensor.DType.BFLOAT16;
      case "F32" -> HostTensor.DType.FLOAT32;
      case "F64" -> HostTensor.DType.FLOAT64;
      case "I64" -> HostTensor.DType.INT64;
      case "I32" -> HostTensor.DType.INT32;
      case "I16" -> HostTensor.DType.INT16;
      case "I8" -> HostTensor.DType.INT8;
      case "U8" -> HostTensor.DType.UINT8;
      case "BOOL" -> HostTensor.DType.BOOL;
      default ->
          throw new CheckpointException(
              file,
              "tensor '"
                  + name
                  + "' has unsupported dtype "
                  + dtype
                  + " (supported: F16 BF16 F32 F64 I64 I32 I16 I8 U8 BOOL)");
    };
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new java.io.EOFException("file ends early");
      }
    }
    return b.flip();
  }
}
