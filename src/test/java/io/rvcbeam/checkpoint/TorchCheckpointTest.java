package io.rvcbeam.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {

  private static final List<String> VOICE_MODELS =
      List.of(
          "tiny_v2_40k_f0",
          "tiny_v2_48k_f0",
          "tiny_v2_32k_f0",
          "tiny_v1_40k_f0",
          "tiny_v2_40k_nof0",
          "tiny_v2_24k_f0");

  @TempDir Path dir;

  @Test
  void givenEveryGoldenVoiceModel_readsFloat16WeightsAndConfig() throws Exception {
    for (String name : VOICE_MODELS) {
      TorchCheckpoint ckpt = TorchCheckpoint.read(Golden.path("models/" + name + ".pth"));
      Map<?, ?> root = assertInstanceOf(Map.class, ckpt.root(), name);
      assertEquals(18, assertInstanceOf(List.class, root.get("config"), name).size(), name);
      Map<String, HostTensor> weights = ckpt.tensors();
      assertTrue(weights.size() > 50, name + " has " + weights.size() + " tensors");
      for (Map.Entry<String, HostTensor> e : weights.entrySet()) {
        assertEquals(HostTensor.DType.FLOAT16, e.getValue().dtype(), name + " " + e.getKey());
        assertFalse(e.getKey().startsWith("enc_q."), e.getKey());
      }
      long width = name.contains("v1") ? 256 : 768;
      assertArrayEquals(
          new long[] {16, width}, weights.get("enc_p.emb_phone.weight").shape(), name);
    }
  }

  @Test
  void givenApplioVoiceModel_readsEveryMetadataValue() throws Exception {
    TorchCheckpoint ckpt = TorchCheckpoint.read(Golden.path("models/tiny_v2_40k_f0.pth"));
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) ckpt.root();
    assertEquals(
        List.of(
            "weight",
            "config",
            "epoch",
            "step",
            "sr",
            "f0",
            "version",
            "creation_date",
            "model_hash",
            "dataset_length",
            "model_name",
            "author",
            "embedder_model",
            "speakers_id",
            "vocoder"),
        List.copyOf(root.keySet()));
    assertEquals(
        List.of(
            1025L,
            32L,
            16L,
            16L,
            32L,
            2L,
            2L,
            3L,
            0L,
            "1",
            List.of(3L, 7L, 11L),
            List.of(List.of(1L, 3L, 5L), List.of(1L, 3L, 5L), List.of(1L, 3L, 5L)),
            List.of(10L, 10L, 2L, 2L),
            32L,
            List.of(16L, 16L, 4L, 4L),
            109L,
            16L,
            40000L),
        normalise(root.get("config")));
    assertEquals(100L, root.get("epoch"));
    assertEquals(2300L, root.get("step"));
    assertEquals(40000L, root.get("sr"));
    assertEquals(Boolean.TRUE, root.get("f0"));
    assertEquals("v2", root.get("version"));
    assertEquals(123.45, root.get("dataset_length"));
    assertEquals("contentvec", root.get("embedder_model"));
    assertEquals(1L, root.get("speakers_id"));
    assertEquals("HiFi-GAN", root.get("vocoder"));
    assertEquals(64, ((String) root.get("model_hash")).length());
    assertSame(root.get("weight"), root.get("weight"));
    assertArrayEquals(new long[] {109, 16}, ckpt.tensors().get("emb_g.weight").shape());
  }

  @Test
  void givenRvcWebUiVoiceModel_readsStringSampleRateAndIntF0() throws Exception {
    TorchCheckpoint ckpt = TorchCheckpoint.read(Golden.path("models/tiny_v1_40k_f0.pth"));
    Map<?, ?> root = (Map<?, ?>) ckpt.root();
    assertEquals(
        List.of("weight", "config", "info", "sr", "f0", "version"), List.copyOf(root.keySet()));
    assertEquals("40k", root.get("sr"));
    assertEquals(1L, root.get("f0"));
    assertEquals("v1", root.get("version"));
    assertEquals("100epoch", root.get("info"));
  }

  @Test
  void givenTensorData_matchesTheStorageRecordBytes() throws Exception {
    Path file = Golden.path("models/tiny_v2_40k_f0.pth");
    HostTensor emb = TorchCheckpoint.read(file).tensors().get("enc_p.emb_phone.weight");
    byte[] raw = new byte[(int) (emb.numel() * 2)];
    emb.rawBytes().get(raw);
    // Independently: some storage record of the zip holds exactly these bytes.
    boolean found = false;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (var e : java.util.Collections.list(zip.entries())) {
        if (e.getName().contains("/data/") && e.getSize() == raw.length) {
          try (InputStream in = zip.getInputStream(e)) {
            found |= Arrays.equals(raw, in.readAllBytes());
          }
        }
      }
    }
    assertTrue(found, "emb_phone bytes are a storage record");
    float[] values = emb.toFloatArray();
    double sum = 0;
    for (float v : values) {
      assertTrue(Float.isFinite(v));
      sum += Math.abs(v);
    }
    assertTrue(sum > 0, "not all zeros");
  }

  @Test
  void givenContentVecStateDict_reads37Float32Tensors() throws Exception {
    TorchCheckpoint ckpt =
        TorchCheckpoint.read(Golden.path("models/contentvec_tiny/pytorch_model.bin"));
    Map<String, HostTensor> t = ckpt.tensors();
    assertSame(ckpt.root(), ckpt.root());
    assertEquals(37, t.size());
    for (HostTensor x : t.values()) {
      assertEquals(HostTensor.DType.FLOAT32, x.dtype());
    }
    assertArrayEquals(new long[] {256, 768}, t.get("final_proj.weight").shape());
    assertArrayEquals(new long[] {1, 1, 4}, t.get("encoder.pos_conv_embed.conv.weight_g").shape());
    assertArrayEquals(new long[] {768}, t.get("masked_spec_embed").shape());
  }

  @Test
  void givenRmvpeStateDict_readsLongBatchCounters() throws Exception {
    Map<String, HostTensor> t = TorchCheckpoint.read(Golden.path("models/rmvpe_tiny.pt")).tensors();
    HostTensor count = t.get("unet.encoder.bn.num_batches_tracked");
    assertEquals(HostTensor.DType.INT64, count.dtype());
    assertEquals(0, count.rank());
    assertArrayEquals(new long[] {360, 512}, t.get("fc.1.weight").shape());
    assertArrayEquals(new long[] {768, 384}, t.get("fc.0.gru.weight_ih_l0").shape());
    for (Map.Entry<String, HostTensor> e : t.entrySet()) {
      if (e.getKey().endsWith("running_var")) {
        for (float v : e.getValue().toFloatArray()) {
          assertTrue(v > 0, e.getKey());
        }
      }
    }
  }

  @Test
  void givenStridedAndOffsetViews_materialisesCOrderCopies() throws Exception {
    // storage 0: 6 floats 0..5; a = [2,3] contiguous; b = a.T ([3,2], stride [1,3]);
    // c = storage[4:6] as [2] (offset 4); d shares storage "0" with a.
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) {
      b.putFloat(i);
    }
    PickleBytes p = new PickleBytes().proto(2).op('}').mark();
    p.str("a").tensor("FloatStorage", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1});
    p.str("b").tensor("FloatStorage", "0", 6, 0, new long[] {3, 2}, new long[] {1, 3});
    p.str("c").tensor("FloatStorage", "0", 6, 4, new long[] {2}, new long[] {1});
    p.str("s").tensor("FloatStorage", "0", 6, 5, new long[] {}, new long[] {});
    p.op('u').stop();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("weird_name/data.pkl", p.bytes());
    entries.put("weird_name/data/0", b.array());
    entries.put("weird_name/version", "3\n".getBytes());
    for (boolean deflate : new boolean[] {false, true}) {
      Path f = PickleBytes.zip(dir.resolve("views" + deflate + ".pt"), entries, deflate);
      Map<String, HostTensor> t = TorchCheckpoint.read(f).tensors();
      assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.get("a").toFloatArray());
      assertArrayEquals(new long[] {3, 2}, t.get("b").shape());
      assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.get("b").toFloatArray());
      assertArrayEquals(new float[] {4, 5}, t.get("c").toFloatArray());
      assertArrayEquals(new float[] {5}, t.get("s").toFloatArray());
    }
  }

  @Test
  void givenTensorBeyondItsStorage_refusesOutOfBounds() throws Exception {
    PickleBytes p = new PickleBytes().proto(2).op('}').str("w");
    p.tensor("FloatStorage", "0", 6, 2, new long[] {2, 3}, new long[] {3, 1});
    p.op('s').stop();
    Path f =
        PickleBytes.zip(
            dir.resolve("oob.pth"),
            Map.of("archive/data.pkl", p.bytes(), "archive/data/0", new byte[24]),
            false);
    CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
  }

  @Test
  void givenStorageRecordShorterThanDeclared_refuses() throws Exception {
    PickleBytes p = new PickleBytes().proto(2).op('}').str("w");
    p.tensor("DoubleStorage", "0", 6, 0, new long[] {6}, new long[] {1});
    p.op('s').stop();
    Path f =
        PickleBytes.zip(
            dir.resolve("short.pth"),
            Map.of("archive/data.pkl", p.bytes(), "archive/data/0", new byte[24]),
            false);
    CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f));
    assertTrue(
        e.getMessage().startsWith(f.toString()) && e.getMessage().contains("data/0"),
        e.getMessage());
  }

  @Test
  void givenHugeDeclaredStorageOrDeflateBomb_refusesWithoutInflatingIt() throws Exception {
    PickleBytes huge = new PickleBytes().proto(2).op('}').str("w");
    huge.tensor("FloatStorage", "0", 1L << 40, 0, new long[] {1}, new long[] {1});
    huge.op('s').stop();
    Path f1 =
        PickleBytes.zip(
            dir.resolve("huge.pth"),
            Map.of("archive/data.pkl", huge.bytes(), "archive/data/0", new byte[4]),
            false);
    CheckpointException e1 =
        assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f1));
    assertTrue(e1.getMessage().contains("not supported (> 2 GiB)"), e1.getMessage());

    // A record longer than the pickle declares (8 MiB of deflated zeros): only 4 bytes are read.
    PickleBytes small = new PickleBytes().proto(2).op('}').str("w");
    small.tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1});
    small.op('s').stop();
    Path f2 =
        PickleBytes.zip(
            dir.resolve("bomb.pth"),
            Map.of("archive/data.pkl", small.bytes(), "archive/data/0", new byte[8 << 20]),
            true);
    assertArrayEquals(new float[] {0f}, TorchCheckpoint.read(f2).tensors().get("w").toFloatArray());
  }

  @Test
  void givenUnknownStorageType_refusesNamingIt() throws Exception {
    PickleBytes p = new PickleBytes().proto(2).op('}').str("w");
    p.tensor("ComplexFloatStorage", "0", 1, 0, new long[] {1}, new long[] {1});
    p.op('s').stop();
    Path f =
        PickleBytes.zip(
            dir.resolve("complex.pth"),
            Map.of("archive/data.pkl", p.bytes(), "archive/data/0", new byte[8]),
            false);
    CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f));
    assertTrue(
        e.getMessage().startsWith(f.toString())
            && e.getMessage().contains("torch.ComplexFloatStorage"),
        e.getMessage());
  }

  @Test
  void givenEachGoldenMaliciousFixture_refusesNamingFileAndGlobal() throws Exception {
    Map<String, String> fixtures =
        Map.of(
            "bad/malicious_global_os_system.pth", "os.system",
            "bad/malicious_global_builtins_eval.pth", "builtins.eval",
            "bad/malicious_stack_global_os_system.pth", "os.system",
            "bad/malicious_legacy_global_os_system.pth", "os.system");
    for (Map.Entry<String, String> fx : fixtures.entrySet()) {
      Path f = Golden.path(fx.getKey());
      UnsafePickleException e =
          assertThrows(UnsafePickleException.class, () -> TorchCheckpoint.read(f), fx.getKey());
      assertTrue(e.getMessage().startsWith(f.toString() + ": refusing to load"), e.getMessage());
      assertTrue(e.getMessage().contains("calls " + fx.getValue()), e.getMessage());
      assertEquals(fx.getValue(), e.global());
    }
  }

  @Test
  void givenPickleCallingOsSystem_refusesWithoutRunningIt() throws Exception {
    Path marker = dir.resolve("rvc-beam-pwned-" + System.nanoTime());
    for (String[] fn :
        new String[][] {
          {"os", "system"},
          {"posix", "system"},
          {"subprocess", "call"},
          {"builtins", "exec"},
          {"builtins", "getattr"},
          {"importlib", "import_module"},
          {"nt", "system"}
        }) {
      byte[] pkl =
          new PickleBytes()
              .proto(2)
              .op('}')
              .str("weight")
              .global(fn[0], fn[1])
              .str("touch " + marker)
              .op(0x85)
              .reduce()
              .op('s')
              .stop()
              .bytes();
      Path f =
          PickleBytes.zip(
              dir.resolve("evil_" + fn[1] + ".pth"), Map.of("archive/data.pkl", pkl), false);
      UnsafePickleException e =
          assertThrows(UnsafePickleException.class, () -> TorchCheckpoint.read(f));
      assertTrue(
          e.getMessage().contains(f.toString()) && e.getMessage().contains(fn[0] + "." + fn[1]),
          e.getMessage());
      assertFalse(Files.exists(marker), "the payload ran");
    }
  }

  @Test
  void givenCallOfUnlistedFunction_refusesButKeepsInertConfigObjects() throws Exception {
    // argparse.Namespace via NEWOBJ + BUILD, an enum-like data class via REDUCE, a
    // lowercase fairseq function via REDUCE (refused).
    byte[] ok =
        new PickleBytes()
            .proto(2)
            .op('}')
            .mark()
            .str("args")
            .global("argparse", "Namespace")
            .op(')')
            .op(0x81)
            .op('}')
            .str("sample_rate")
            .integer(16000)
            .op('s')
            .op('b')
            .str("cfg")
            .global("omegaconf.dictconfig", "DictConfig")
            .op(')')
            .op(0x81)
            .op('}')
            .str("_content")
            .op('}')
            .op('s')
            .op('b')
            .str("mode")
            .global("fairseq.dataclass.constants", "ChoiceEnum")
            .str("default")
            .op(0x85)
            .reduce()
            .str("type")
            .global("typing", "Any")
            .str("model")
            .op('}')
            .str("w")
            .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1})
            .op('s')
            .op('u')
            .stop()
            .bytes();
    ByteBuffer one = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(2.5f);
    Path good =
        PickleBytes.zip(
            dir.resolve("fairseq_like.pt"),
            Map.of("x/data.pkl", ok, "x/data/0", one.array()),
            false);
    TorchCheckpoint ckpt = TorchCheckpoint.read(good);
    Map<?, ?> root = (Map<?, ?>) ckpt.root();
    PickleObject args = assertInstanceOf(PickleObject.class, root.get("args"));
    assertEquals("argparse.Namespace", args.type().qualifiedName());
    assertEquals(16000L, args.attribute("sample_rate"));
    assertEquals(List.of("default"), assertInstanceOf(PickleObject.class, root.get("mode")).args());
    assertEquals(new PickleGlobal("typing", "Any"), root.get("type"));
    assertArrayEquals(new float[] {2.5f}, ckpt.tensors().get("w").toFloatArray());
    assertNull(((PickleObject) root.get("cfg")).attribute("missing"));

    byte[] bad =
        new PickleBytes()
            .proto(2)
            .global("fairseq.utils", "import_user_module")
            .str("x")
            .op(0x85)
            .reduce()
            .stop()
            .bytes();
    Path f = PickleBytes.zip(dir.resolve("call.pt"), Map.of("a/data.pkl", bad), false);
    UnsafePickleException e =
        assertThrows(UnsafePickleException.class, () -> TorchCheckpoint.read(f));
    assertTrue(e.getMessage().contains("fairseq.utils.import_user_module"), e.getMessage());
  }

  @Test
  void givenEveryCommonOpcode_buildsTheValues() throws Exception {
    byte[] pkl =
        new PickleBytes()
            .proto(4)
            .op(0x95)
            .raw(new byte[8])
            .op(']')
            .op(0x94) // memo 0: the list
            .mark()
            .op('N')
            .op(0x88)
            .op(0x89)
            .integer(-7)
            .integer(1L << 40)
            .op('M')
            .raw((byte) 0x34, (byte) 0x12)
            .binfloat(-0.5)
            .op('U')
            .op(2)
            .raw((byte) 'p', (byte) 'y') // SHORT_BINSTRING
            .op('C')
            .op(2)
            .raw((byte) 1, (byte) 2) // SHORT_BINBYTES
            .op(0x8d)
            .raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(2).array())
            .raw((byte) 'h', (byte) 'i') // BINUNICODE8
            .op(0x8f)
            .mark()
            .integer(1)
            .integer(2)
            .op(0x90) // set {1, 2}
            .mark()
            .shortStr("k")
            .integer(9)
            .op('d') // DICT
            .mark()
            .integer(1)
            .integer(2)
            .op('l') // LIST
            .integer(3)
            .op(0x86) // TUPLE2 ([1,2], 3)
            .shortStr("dup")
            .op('2')
            .op('0') // DUP then POP
            .mark()
            .integer(99)
            .op('1') // POP_MARK
            .shortStr("collections")
            .shortStr("OrderedDict")
            .op(0x93)
            .op(')')
            .reduce()
            .op('h')
            .op(0) // BINGET 0 (the list itself)
            .op('e') // APPENDS
            .stop()
            .bytes();
    Path f = PickleBytes.zip(dir.resolve("ops.pt"), Map.of("archive/data.pkl", pkl), true);
    List<?> v = assertInstanceOf(List.class, TorchCheckpoint.read(f).root());
    assertNull(v.get(0));
    assertEquals(List.of(true, false, -7L, 1L << 40, 0x1234L, -0.5, "py"), v.subList(1, 8));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) v.get(8));
    assertEquals("hi", v.get(9));
    assertEquals(java.util.Set.of(1L, 2L), v.get(10));
    assertEquals(Map.of("k", 9L), v.get(11));
    assertEquals(List.of(List.of(1L, 2L), 3L), v.get(12));
    assertEquals("dup", v.get(13));
    assertEquals(Map.of(), v.get(14));
    assertSame(v, v.get(15));
    assertEquals(16, v.size());
  }

  @Test
  void givenMissingEmptyTruncatedOrForeignFiles_refusesWithDistinctMessages() throws Exception {
    Path missing = dir.resolve("nope.pth");
    Path empty = Files.write(dir.resolve("empty.pth"), new byte[0]);
    Path truncated = Golden.path("bad/truncated_tiny_v2_40k_f0.pth");
    Path wav = Golden.path("bad/corrupt_header_magic.wav");
    Path noPickle =
        PickleBytes.zip(dir.resolve("other.zip"), Map.of("readme.txt", new byte[3]), false);
    Path legacy =
        Files.write(
            dir.resolve("legacy.pt"),
            new PickleBytes()
                .proto(2)
                .op(0x8a)
                .op(10)
                .raw(
                    new byte[] {
                      0x6c,
                      (byte) 0xfc,
                      (byte) 0x9c,
                      0x46,
                      (byte) 0xf9,
                      0x20,
                      0x6a,
                      (byte) 0xa8,
                      0x50,
                      0x19
                    })
                .stop()
                .bytes());
    String[][] cases = {
      {missing.toString(), "no such file"},
      {empty.toString(), "empty file"},
      {truncated.toString(), "truncated or corrupt zip"},
      {wav.toString(), "unknown format"},
      {noPickle.toString(), "without a data.pkl"},
      {legacy.toString(), "legacy (pre-1.6) PyTorch format"},
      {dir.toString(), "is a directory"},
    };
    for (String[] c : cases) {
      CheckpointException e =
          assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(Path.of(c[0])), c[0]);
      assertTrue(e.getMessage().startsWith(c[0] + ": "), e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertFalse(e instanceof UnsafePickleException, e.getMessage());
    }
  }

  @Test
  void givenCorruptPickle_refusesNamingTheFile() throws Exception {
    byte[] cut = new PickleBytes().proto(2).op('}').str("weight").bytes();
    byte[] badOp = new PickleBytes().proto(2).op(0xff).bytes();
    byte[] bigEndian = new PickleBytes().proto(2).op('}').stop().bytes();
    Path f1 = PickleBytes.zip(dir.resolve("cut.pth"), Map.of("a/data.pkl", cut), false);
    Path f2 = PickleBytes.zip(dir.resolve("op.pth"), Map.of("a/data.pkl", badOp), false);
    Path f3 =
        PickleBytes.zip(
            dir.resolve("be.pth"),
            Map.of("a/data.pkl", bigEndian, "a/byteorder", "big".getBytes()),
            false);
    for (Path f : List.of(f1, f2, f3)) {
      CheckpointException e =
          assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f));
      assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    }
    assertTrue(
        assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f3))
            .getMessage()
            .contains("byte order 'big'"));
  }

  @Test
  void givenNoneInTuplesListsAndDicts_keepsNull() throws Exception {
    byte[] pkl =
        new PickleBytes()
            .proto(2)
            .op(']')
            .op('N')
            .op('a') // APPEND None
            .op('N')
            .op(0x85) // TUPLE1 (None,)
            .op('a')
            .op('}')
            .shortStr("author")
            .op('N')
            .op('s')
            .op('a')
            .stop()
            .bytes();
    Path f = PickleBytes.zip(dir.resolve("none.pt"), Map.of("a/data.pkl", pkl), false);
    List<?> v = assertInstanceOf(List.class, TorchCheckpoint.read(f).root());
    assertEquals(3, v.size());
    assertNull(v.get(0));
    assertEquals(1, ((List<?>) v.get(1)).size());
    assertNull(((List<?>) v.get(1)).get(0));
    assertTrue(((Map<?, ?>) v.get(2)).containsKey("author"));
    assertNull(((Map<?, ?>) v.get(2)).get("author"));
  }

  @Test
  void givenParameterWrappersNumpyScalarsAndCopyregObjects_buildsPlainValues() throws Exception {
    ByteBuffer one = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.25f);
    PickleBytes p = new PickleBytes().proto(2).op('}').mark();
    // Parameter: _rebuild_parameter(tensor, requires_grad, hooks)
    p.str("param").global("torch._utils", "_rebuild_parameter").mark();
    p.tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1});
    p.op(0x88).global("collections", "OrderedDict").op(')').reduce().tuple().reduce();
    // Tensor subclass: _rebuild_from_type_v2(_rebuild_tensor_v2, Parameter, args, {})
    p.str("typed").global("torch._tensor", "_rebuild_from_type_v2").mark();
    p.global("torch._utils", "_rebuild_tensor_v2").global("torch.nn.parameter", "Parameter");
    p.mark().storage("FloatStorage", "0", 1).integer(0).intTuple(1).intTuple(1).op(0x89);
    p.global("collections", "OrderedDict").op(')').reduce().tuple();
    p.op('}').tuple().reduce();
    // numpy.float64(0.5): scalar(dtype('f8', False, True) + BUILD state, raw bytes)
    byte[] half = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.5).array();
    p.str("best_loss").global("numpy.core.multiarray", "scalar");
    p.global("numpy", "dtype").mark().str("f8").op(0x89).op(0x88).tuple().reduce();
    p.mark().integer(3).str("<").op('N').op('N').op('N').integer(-1).integer(-1).integer(0);
    p.tuple().op('b');
    p.op('C').op(8).raw(half).op(0x86).reduce();
    // copyreg._reconstructor(cls, object, None) + BUILD, and copyreg.__newobj__(cls)
    p.str("meter").global("copy_reg", "_reconstructor");
    p.global("fairseq.logging.meters", "AverageMeter").global("__builtin__", "object").op('N');
    p.op(0x87).reduce().op('}').str("val").integer(3).op('s').op('b');
    p.str("new").global("copyreg", "__newobj__").global("argparse", "Namespace").op(0x85);
    p.reduce();
    p.str("counts").global("collections", "defaultdict").global("builtins", "int").op(0x85);
    p.reduce().str("a").integer(2).op('s');
    p.op('u').stop();
    Path f =
        PickleBytes.zip(
            dir.resolve("wrappers.pt"),
            Map.of("a/data.pkl", p.bytes(), "a/data/0", one.array()),
            false);
    Map<?, ?> root = (Map<?, ?>) TorchCheckpoint.read(f).root();
    assertArrayEquals(
        new float[] {1.25f}, assertInstanceOf(HostTensor.class, root.get("param")).toFloatArray());
    assertArrayEquals(
        new float[] {1.25f}, assertInstanceOf(HostTensor.class, root.get("typed")).toFloatArray());
    assertEquals(0.5, root.get("best_loss"));
    PickleObject meter = assertInstanceOf(PickleObject.class, root.get("meter"));
    assertEquals("fairseq.logging.meters.AverageMeter", meter.type().qualifiedName());
    assertEquals(3L, meter.attribute("val"));
    assertEquals(
        "argparse.Namespace",
        assertInstanceOf(PickleObject.class, root.get("new")).type().qualifiedName());
    assertEquals(Map.of("a", 2L), root.get("counts"));
  }

  @Test
  void givenSelfReferencingSetElement_refusesInsteadOfOverflowingTheStack() throws Exception {
    byte[] pkl =
        new PickleBytes()
            .proto(4)
            .op(']')
            .op(0x94)
            .mark()
            .op('h')
            .op(0)
            .op('e')
            .op(0x8f)
            .mark()
            .op('h')
            .op(0)
            .op(0x90)
            .stop()
            .bytes();
    Path f = PickleBytes.zip(dir.resolve("loop.pt"), Map.of("a/data.pkl", pkl), false);
    CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f));
    assertTrue(e.getMessage().startsWith(f + ": corrupt pickle: self-referencing"), e.getMessage());
  }

  @Test
  void givenRootWithoutTensors_tensorsExplains() throws Exception {
    byte[] pkl = new PickleBytes().proto(2).op('}').str("a").integer(1).op('s').stop().bytes();
    Path f = PickleBytes.zip(dir.resolve("plain.pt"), Map.of("a/data.pkl", pkl), false);
    TorchCheckpoint ckpt = TorchCheckpoint.read(f);
    CheckpointException e = assertThrows(CheckpointException.class, ckpt::tensors);
    assertTrue(e.getMessage().contains("no state dict") && e.getMessage().contains(f.toString()));
  }

  /** Lists as plain ArrayLists so that tuple and list compare equal in assertions. */
  private static Object normalise(Object o) {
    if (o instanceof List<?> l) {
      return l.stream().map(TorchCheckpointTest::normalise).toList();
    }
    return o;
  }
}
