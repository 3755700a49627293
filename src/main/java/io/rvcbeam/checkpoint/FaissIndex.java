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

/**
 * A FAISS {@code IndexIVFFlat} as written by {@code faiss.write_index} (the {@code .index} files of
 * RVC and Applio): a flat coarse quantizer, then inverted lists holding raw float32 vectors and
 * their ids ({@code ArrayInvertedLists}, full or sparse size encoding).
 */
public final class FaissIndex {

  /** FAISS metric type codes. */
  public static final int METRIC_INNER_PRODUCT = 0;

  public static final int METRIC_L2 = 1;

  private final Path file;
  private final int d;
  private final long ntotal;
  private final int nlist;
  private final long nprobe;
  private final int metric;
  private final boolean trained;
  private final float[] centroids;
  private final float[] vectors;
  private final long[][] lists;
  private final int[] listOfId;

  private FaissIndex(
      Path file,
      int d,
      long ntotal,
      int nlist,
      long nprobe,
      int metric,
      boolean trained,
      float[] centroids,
      float[] vectors,
      long[][] lists,
      int[] listOfId) {
    this.file = file;
    this.d = d;
    this.ntotal = ntotal;
    this.nlist = nlist;
    this.nprobe = nprobe;
    this.metric = metric;
    this.trained = trained;
    this.centroids = centroids;
    this.vectors = vectors;
    this.lists = lists;
    this.listOfId = listOfId;
  }

  public static FaissIndex read(Path file) throws CheckpointException {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new CheckpointException(file, "is a directory, expected a FAISS .index file");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "no such file", e);
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException | OutOfMemoryError e) {
      throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
    }
    if (bytes.length == 0) {
      throw new CheckpointException(file, "empty file (0 bytes), expected a FAISS .index file");
    }
    return new Parser(file, bytes).parse();
  }

  public Path file() {
    return file;
  }

  /** Vector width (256 for v1 models, 768 for v2). */
  public int d() {
    return d;
  }

  public long ntotal() {
    return ntotal;
  }

  public int nlist() {
    return nlist;
  }

  public long nprobe() {
    return nprobe;
  }

  /** {@link #METRIC_L2} for every index RVC builds. */
  public int metric() {
    return metric;
  }

  public boolean isTrained() {
    return trained;
  }

  /** Coarse centroids, row-major {@code [nlist, d]}. */
  public float[] centroids() {
    return centroids.clone();
  }

  /**
   * Stored vectors in id order, row-major {@code [ntotal, d]}: {@code reconstruct_n(0, ntotal)}.
   */
  public float[] vectors() {
    return vectors.clone();
  }

  /** The inverted list holding vector {@code id}. */
  public int listOf(long id) {
    return listOfId[Math.toIntExact(id)];
  }

  /** Ids of each inverted list, in file order (the order FAISS scans them). */
  public List<long[]> lists() {
    List<long[]> out = new ArrayList<>(nlist);
    for (long[] l : lists) {
      out.add(l.clone());
    }
    return out;
  }

  public long[] listSizes() {
    long[] sizes = new long[nlist];
    for (int i = 0; i < nlist; i++) {
      sizes[i] = lists[i].length;
    }
    return sizes;
  }

  /** The FAISS factory string of this index, e.g. {@code IVF5,Flat}. */
  public String factoryString() {
    return "IVF" + nlist + ",Flat";
  }

  @Override
  public String toString() {
    return "FaissIndex("
        + factoryString()
        + ", d="
        + d
        + ", ntotal="
        + ntotal
        + ", nprobe="
        + nprobe
        + ")";
  }

  /** Walks the byte layout of faiss's {@code write_index}. */
  private static final class Parser {
    private final Path file;
    private final ByteBuffer b;

    Parser(Path file, byte[] bytes) {
      this.file = file;
      this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    FaissIndex parse() throws CheckpointException {
      String fourcc = fourcc();
      switch (fourcc) {
        case "IwFl" -> {}
        case "IvFl", "IvFL" ->
            throw problem(
                "legacy FAISS IVF-Flat format '"
                    + fourcc
                    + "' is not supported; re-write the index "
                    + "with a recent faiss (write_index)");
        default ->
            throw problem(
                "unsupported FAISS index type '"
                    + printable(fourcc)
                    + "': only IVF-Flat (IwFl) "
                    + "indexes, as RVC and Applio write them, can be read");
      }
      int d = i32();
      long ntotal = i64();
      i64();
      i64();
      boolean trained = u8() != 0;
      int metric = metric();
      if (d <= 0 || ntotal < 0) {
        throw problem("corrupt index header: d = " + d + ", ntotal = " + ntotal);
      }
      long nlistLong = i64();
      long nprobe = i64();
      if (nlistLong <= 0 || nlistLong > Integer.MAX_VALUE) {
        throw problem("corrupt index header: nlist = " + nlistLong);
      }
      int nlist = (int) nlistLong;
      float[] centroids = quantizer(d, nlist);
      directMap();
      String il = fourcc();
      long[][] lists = new long[nlist][0];
      float[] vectors = new float[Math.toIntExact(checkedProduct(ntotal, d))];
      int[] listOfId = new int[(int) ntotal];
      if (il.equals("ilar")) {
        readArrayLists(d, ntotal, nlist, lists, vectors, listOfId);
      } else if (il.equals("il00")) {
        if (ntotal != 0) {
          throw problem("index has " + ntotal + " vectors but stores no inverted lists");
        }
      } else {
        throw problem(
            "unsupported FAISS inverted-list type '"
                + printable(il)
                + "': only in-memory array lists (ilar) are supported");
      }
      return new FaissIndex(
          file, d, ntotal, nlist, nprobe, metric, trained, centroids, vectors, lists, listOfId);
    }

    private int metric() throws CheckpointException {
      int metric = i32();
      if (metric > 1) {
        b.getFloat(position(4));
      }
      return metric;
    }

    private float[] quantizer(int d, int nlist) throws CheckpointException {
      String q = fourcc();
      if (!q.equals("IxF2") && !q.equals("IxFI") && !q.equals("IxFl")) {
        throw problem(
            "unsupported IVF coarse quantizer '"
                + printable(q)
                + "': only flat quantizers (IxF2, IxFI, IxFl) are supported");
      }
      int qd = i32();
      long qn = i64();
      i64();
      i64();
      u8();
      metric();
      long nf = i64();
      if (qd != d || qn != nlist || nf != (long) nlist * d) {
        throw problem(
            "corrupt quantizer: d "
                + qd
                + ", "
                + qn
                + " centroids, "
                + nf
                + " floats; expected d "
                + d
                + " and "
                + nlist
                + " centroids");
      }
      return floats(nf);
    }

    private void directMap() throws CheckpointException {
      int type = u8();
      long n = i64();
      skip(checkedProduct(n, 8));
      if (type == 2) {
        long m = i64();
        skip(checkedProduct(m, 16));
      } else if (type > 2) {
        throw problem("corrupt direct map type " + type);
      }
    }

    private void readArrayLists(
        int d, long ntotal, int nlist, long[][] lists, float[] vectors, int[] listOfId)
        throws CheckpointException {
      long n = i64();
      long codeSize = i64();
      if (n != nlist) {
        throw problem("inverted lists count " + n + " differs from nlist " + nlist);
      }
      if (codeSize != 4L * d) {
        throw problem(
            "code size " + codeSize + " is not " + 4L * d + " (d float32): not an IVF-Flat index");
      }
      long[] sizes = new long[nlist];
      String encoding = fourcc();
      if (encoding.equals("full")) {
        long count = i64();
        if (count != nlist) {
          throw problem("list size table has " + count + " entries, expected " + nlist);
        }
        for (int i = 0; i < nlist; i++) {
          sizes[i] = i64();
        }
      } else if (encoding.equals("sprs")) {
        long count = i64();
        if (count % 2 != 0 || count < 0) {
          throw problem("corrupt sparse list size table of " + count + " entries");
        }
        for (long k = 0; k < count / 2; k++) {
          long list = i64();
          long size = i64();
          if (list < 0 || list >= nlist) {
            throw problem("sparse list size table names list " + list + " of " + nlist);
          }
          sizes[(int) list] = size;
        }
      } else {
        throw problem("unknown list size encoding '" + printable(encoding) + "'");
      }
      long total = 0;
      for (long s : sizes) {
        if (s < 0) {
          throw problem("negative inverted list size");
        }
        total += s;
      }
      if (total != ntotal) {
        throw problem("inverted lists hold " + total + " vectors but ntotal is " + ntotal);
      }
      boolean[] seen = new boolean[(int) ntotal];
      for (int i = 0; i < nlist; i++) {
        int size = (int) sizes[i];
        float[] codes = floats((long) size * d);
        long[] ids = new long[size];
        for (int m = 0; m < size; m++) {
          long id = i64();
          if (id < 0 || id >= ntotal || seen[(int) id]) {
            throw problem(
                "list "
                    + i
                    + " holds id "
                    + id
                    + ": ids must be 0.."
                    + (ntotal - 1)
                    + ", each once (as RVC adds them)");
          }
          seen[(int) id] = true;
          ids[m] = id;
          listOfId[(int) id] = i;
          System.arraycopy(codes, m * d, vectors, (int) id * d, d);
        }
        lists[i] = ids;
      }
    }

    private long checkedProduct(long a, long c) throws CheckpointException {
      try {
        long p = Math.multiplyExact(a, c);
        if (p > Integer.MAX_VALUE) {
          throw problem("index too large (" + a + " × " + c + ")");
        }
        return p;
      } catch (ArithmeticException e) {
        throw problem("index too large (" + a + " × " + c + ")");
      }
    }

    private float[] floats(long n) throws CheckpointException {
      float[] out = new float[Math.toIntExact(checkedProduct(n, 1))];
      int at = position(checkedProduct(n, 4));
      b.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(at).asFloatBuffer().get(out);
      return out;
    }

    private String fourcc() throws CheckpointException {
      byte[] c = new byte[4];
      b.get(position(4), c);
      return new String(c, StandardCharsets.ISO_8859_1);
    }

    private int u8() throws CheckpointException {
      return b.get(position(1)) & 0xff;
    }

    private int i32() throws CheckpointException {
      return b.getInt(position(4));
    }

    private long i64() throws CheckpointException {
      return b.getLong(position(8));
    }

    private void skip(long n) throws CheckpointException {
      position(n);
    }

    /** Reserves {@code n} bytes and returns where they start. */
    private int position(long n) throws CheckpointException {
      int at = b.position();
      if (n < 0 || n > b.remaining()) {
        throw problem(
            "truncated index: needs " + n + " more bytes at offset " + at + " of " + b.limit());
      }
      b.position(at + (int) n);
      return at;
    }

    private static String printable(String s) {
      StringBuilder out = new StringBuilder();
      for (char c : s.toCharArray()) {
        out.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
      }
      return out.toString();
    }

    private CheckpointException problem(String message) {
      return new CheckpointException(file, message);
    }
  }
}
