package io.rvcbeam.models.hubert;

import io.rvcbeam.checkpoint.HostTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a small checkpoint shaped like fairseq's {@code hubert_base.pt}: a torch zip whose
 * pickle is {@code {"args": None, "cfg": DictConfig(model=DictConfig(...)), "model": state dict,
 * "optimizer_history": []}}, the config values wrapped in omegaconf {@code AnyNode}s.
 */
public final class FairseqCheckpointFixture {

  /** A config value pickled as an enum member, {@code module.Class(value)} via REDUCE. */
  public record EnumValue(String module, String className, String value) {}

  private final ByteArrayOutputStream pickle = new ByteArrayOutputStream();

  private FairseqCheckpointFixture() {}

  /**
   * @param model fairseq-named float32 tensors
   * @param modelConfig fairseq config fields (String, Integer, Boolean or EnumValue values)
   */
  public static Path write(Path file, Map<String, HostTensor> model,
      Map<String, Object> modelConfig) throws IOException {
    FairseqCheckpointFixture p = new FairseqCheckpointFixture();
    p.op(0x80).op(2).op('}').op('(');
    p.str("args").op('N');
    p.str("cfg");
    p.dictConfigStart();
    p.str("model");
    p.dictConfigStart();
    for (Map.Entry<String, Object> e : modelConfig.entrySet()) {
      p.str(e.getKey());
      p.global("omegaconf.nodes", "AnyNode").op(')').op(0x81);
      p.op('}').str("_val").value(e.getValue()).op('s').op('b');
    }
    p.dictConfigEnd();
    p.dictConfigEnd();
    p.str("model").op('}').op('(');
    int key = 0;
    for (Map.Entry<String, HostTensor> e : model.entrySet()) {
      p.str(e.getKey()).tensor(String.valueOf(key++), e.getValue());
    }
    p.op('u');
    p.str("optimizer_history").op(']');
    p.op('u').op('.');
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      entry(zip, "hubert_base/data.pkl", p.pickle.toByteArray());
      key = 0;
      for (HostTensor t : model.values()) {
        ByteBuffer raw = t.rawBytes();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        entry(zip, "hubert_base/data/" + key++, bytes);
      }
      entry(zip, "hubert_base/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** DictConfig() then BUILD with {"_content": {...}}: leaves the inner dict open. */
  private void dictConfigStart() {
    global("omegaconf.dictconfig", "DictConfig").op(')').op(0x81);
    op('}').str("_content").op('}').op('(');
  }

  private void dictConfigEnd() {
    op('u').op('s').op('b');
  }

  private FairseqCheckpointFixture value(Object v) {
    if (v instanceof EnumValue e) {
      return global(e.module(), e.className()).str(e.value()).op(0x85).op('R');
    }
    if (v instanceof String s) {
      return str(s);
    }
    if (v instanceof Boolean b) {
      return op(b ? 0x88 : 0x89);
    }
    return integer(((Number) v).intValue());
  }

  private FairseqCheckpointFixture tensor(String key, HostTensor t) {
    long[] shape = t.shape();
    long[] stride = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      stride[i] = s;
      s *= shape[i];
    }
    global("torch._utils", "_rebuild_tensor_v2").op('(');
    op('(').str("storage").global("torch", "FloatStorage").str(key).str("cpu")
        .integer(Math.toIntExact(t.numel())).op('t').op('Q');
    integer(0);
    intTuple(shape);
    intTuple(stride);
    op(0x89);
    global("collections", "OrderedDict").op(')').op('R');
    return op('t').op('R');
  }

  private void intTuple(long[] values) {
    op('(');
    for (long v : values) {
      integer(Math.toIntExact(v));
    }
    op('t');
  }

  private FairseqCheckpointFixture global(String module, String name) {
    op('c');
    write((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  private FairseqCheckpointFixture str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X');
    write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
    write(b);
    return this;
  }

  private FairseqCheckpointFixture integer(int v) {
    op('J');
    write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    return this;
  }

  private FairseqCheckpointFixture op(int code) {
    pickle.write(code);
    return this;
  }

  private void write(byte[] bytes) {
    pickle.writeBytes(bytes);
  }
}
