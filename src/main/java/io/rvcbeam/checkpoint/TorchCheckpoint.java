package io.rvcbeam.checkpoint;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A PyTorch checkpoint as written by {@code torch.save} (torch ≥ 1.6 zip format), read without
 * running any code.
 *
 * <p>{@link #root()} is the pickled object: {@code Map} (insertion-ordered; keys as pickled,
 * usually {@code String}) for dict/OrderedDict, {@code List} for list/tuple, {@code String}, {@code
 * Long}, {@code Double}, {@code Boolean}, null, {@link HostTensor}, or an inert {@link
 * PickleObject}.
 */
public final class TorchCheckpoint {

  private static final int LEGACY_READ_LIMIT = 1 << 20;

  /** Real data.pkl records are under a few MiB; this bounds a decompression bomb. */
  private static final int MAX_PICKLE_BYTES = 256 << 20;

  private static final int MAX_STORAGE_BYTES = Integer.MAX_VALUE - 16;

  private final Path file;
  private final Object root;

  private TorchCheckpoint(Path file, Object root) {
    this.file = file;
    this.root = root;
  }

  public static TorchCheckpoint read(Path file) throws CheckpointException {
    byte[] head = readHead(file);
    if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
      return new TorchCheckpoint(file, readZip(file));
    }
    if ((head[0] & 0xff) == 0x80) {
      throw legacy(file);
    }
    StringBuilder hex = new StringBuilder();
    for (byte b : head) {
      hex.append(String.format(" %02x", b & 0xff));
    }
    throw new CheckpointException(
        file, "unknown format: not a PyTorch zip checkpoint nor a pickle (first bytes" + hex + ")");
  }

  public Path file() {
    return file;
  }

  public Object root() {
    return root;
  }

  /**
   * The state dict: the root if it is a dict of tensors, else {@code root["weight"]} (RVC voice
   * models), {@code root["model"]} (fairseq) or {@code root["state_dict"]}.
   */
  public Map<String, HostTensor> tensors() throws CheckpointException {
    Map<String, HostTensor> found = asTensorMap(root);
    if (found == null && root instanceof Map<?, ?> m) {
      for (String key : List.of("weight", "model", "state_dict")) {
        found = asTensorMap(m.get(key));
        if (found != null) {
          break;
        }
      }
    }
    if (found == null) {
      String what =
          root instanceof Map<?, ?> m
              ? "a dict with keys " + m.keySet()
              : "a " + PicklePolicy.describe(root);
      throw new CheckpointException(
          file, "no state dict of tensors found: the checkpoint holds " + what);
    }
    return found;
  }

  private static Map<String, HostTensor> asTensorMap(Object o) {
    if (!(o instanceof Map<?, ?> m) || m.isEmpty()) {
      return null;
    }
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof HostTensor t)) {
        return null;
      }
      out.put(k, t);
    }
    return Collections.unmodifiableMap(out);
  }

  private static byte[] readHead(Path file) throws CheckpointException {
    if (Files.isDirectory(file)) {
      throw new CheckpointException(file, "is a directory, expected a checkpoint file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(8);
      if (head.length == 0) {
        throw new CheckpointException(file, "empty file (0 bytes), expected a PyTorch checkpoint");
      }
      return head;
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "no such file", e);
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private static Object readZip(Path file) throws CheckpointException {
    String name = file.toString();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String prefix = findPrefix(zip, file);
      ZipEntry order = zip.getEntry(prefix + "byteorder");
      if (order != null) {
        String value = new String(entryBytes(zip, order, 64), StandardCharsets.US_ASCII).trim();
        if (!value.equals("little")) {
          throw new CheckpointException(
              file, "checkpoint written with byte order '" + value + "'; only little is supported");
        }
      }
      ZipEntry pklEntry = zip.getEntry(prefix + "data.pkl");
      byte[] pickle = entryBytes(zip, pklEntry, MAX_PICKLE_BYTES);
      if (pickle.length > MAX_PICKLE_BYTES) {
        throw new CheckpointException(
            file, pklEntry.getName() + " is larger than " + MAX_PICKLE_BYTES + " bytes");
      }
      Map<String, TorchStorage> storages = new HashMap<>();
      Unpickler.PersistentLoader loader = pid -> storage(zip, prefix, name, pid, storages);
      return new Unpickler(name, pickle, new PicklePolicy(name), loader).load();
    } catch (CheckpointException e) {
      throw e;
    } catch (ZipException | EOFException e) {
      throw new CheckpointException(
          file, "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /** The folder holding {@code data.pkl}, whatever torch named it ({@code archive/}, stem, …). */
  private static String findPrefix(ZipFile zip, Path file) throws CheckpointException {
    String best = null;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      String n = entries.nextElement().getName();
      if ((n.equals("data.pkl") || n.endsWith("/data.pkl"))
          && (best == null || n.length() < best.length())) {
        best = n;
      }
    }
    if (best == null) {
      throw new CheckpointException(
          file, "zip archive without a data.pkl entry: not a PyTorch checkpoint");
    }
    return best.substring(0, best.length() - "data.pkl".length());
  }

  private static TorchStorage storage(
      ZipFile zip, String prefix, String name, Object pid, Map<String, TorchStorage> cache)
      throws CheckpointException {
    if (!(pid instanceof List<?> t) || t.size() < 5 || !"storage".equals(t.get(0))) {
      throw new CheckpointException(name, "corrupt pickle: unexpected persistent id " + pid, null);
    }
    HostTensor.DType dtype = PicklePolicy.storageType(t.get(1));
    if (dtype == null) {
      throw new CheckpointException(
          name, "unsupported storage type " + t.get(1) + " (expected torch.<X>Storage)", null);
    }
    if (!(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel)) {
      throw new CheckpointException(name, "corrupt pickle: bad storage id " + pid, null);
    }
    TorchStorage cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    ZipEntry entry = zip.getEntry(prefix + "data/" + key);
    if (entry == null) {
      throw new CheckpointException(
          name, "missing storage record " + prefix + "data/" + key + " in the zip archive", null);
    }
    if (numel < 0 || numel > MAX_STORAGE_BYTES / dtype.bytes()) {
      throw new CheckpointException(
          name,
          "storage data/" + key + " of " + numel + " elements is not supported (> 2 GiB)",
          null);
    }
    byte[] bytes;
    try {
      // Never more than the pickle declares: a deflated entry cannot inflate without bound.
      bytes = entryBytes(zip, entry, (int) (numel * dtype.bytes()));
    } catch (IOException e) {
      throw new CheckpointException(
          name,
          "truncated or corrupt zip archive: cannot read "
              + entry.getName()
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
    TorchStorage s = new TorchStorage(name, key, dtype, numel, bytes);
    cache.put(key, s);
    return s;
  }

  /** At most {@code limit} bytes, or {@code limit + 1} to show that there are more. */
  private static byte[] entryBytes(ZipFile zip, ZipEntry entry, int limit) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] head = in.readNBytes(limit);
      return head.length == limit && in.read() >= 0 ? Arrays.copyOf(head, limit + 1) : head;
    }
  }

  /**
   * A non-zip file starting with a pickle: either torch's pre-1.6 format or a bare pickle. It is
   * run through the safe machine first so that a hostile one is named as such; nothing in it ever
   * runs.
   */
  private static CheckpointException legacy(Path file) {
    String name = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(LEGACY_READ_LIMIT);
    } catch (IOException e) {
      return new CheckpointException(file, "cannot read: " + e.getMessage(), e);
    }
    try {
      new Unpickler(name, bytes, new PicklePolicy(name), null).load();
    } catch (UnsafePickleException e) {
      return e;
    } catch (CheckpointException e) {
      // Not even a complete pickle: still not a zip checkpoint.
    }
    return new CheckpointException(
        file,
        "legacy (pre-1.6) PyTorch format or bare pickle, not a zip checkpoint: re-save it with "
            + "torch>=1.6 (torch.save writes a zip archive)");
  }
}
