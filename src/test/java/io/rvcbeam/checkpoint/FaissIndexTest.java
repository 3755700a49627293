package io.rvcbeam.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaissIndexTest {

  private static final String V2 = "models/added_IVF5_Flat_nprobe_1_tiny_v2";
  private static final String V1 = "models/added_IVF5_Flat_nprobe_1_tiny_v1";

  @TempDir Path dir;

  private static void assertBitEqual(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        throw new AssertionError("element " + i + ": " + expected[i] + " != " + actual[i]);
      }
    }
  }

  @Test
  void givenGoldenIndexes_vectorsEqualReconstructNBitForBit() throws Exception {
    for (String[] c : new String[][] {{V2, "768", "66,46,24,42,20"}, {V1, "256", "1,4,54,70,69"}}) {
      FaissIndex index = FaissIndex.read(Golden.path(c[0] + ".index"));
      assertEquals(Integer.parseInt(c[1]), index.d());
      assertEquals(198, index.ntotal());
      assertEquals(5, index.nlist());
      assertEquals(1, index.nprobe());
      assertEquals(FaissIndex.METRIC_L2, index.metric());
      assertTrue(index.isTrained());
      assertEquals("IVF5,Flat", index.factoryString());
      assertArrayEquals(
          Arrays.stream(c[2].split(",")).mapToLong(Long::parseLong).toArray(), index.listSizes());
      assertBitEqual(
          Npy.read(Golden.path(c[0] + ".reconstruct_n.npy")).toFloatArray(), index.vectors());
      assertEquals(5 * index.d(), index.centroids().length);
      List<long[]> lists = index.lists();
      for (int l = 0; l < lists.size(); l++) {
        for (long id : lists.get(l)) {
          assertEquals(l, index.listOf(id));
        }
      }
    }
  }

  @Test
  void givenGoldenIndex_eachVectorIsNearestToItsListCentroid() throws Exception {
    FaissIndex index = FaissIndex.read(Golden.path(V1 + ".index"));
    float[] v = index.vectors();
    float[] c = index.centroids();
    int d = index.d();
    for (int id = 0; id < index.ntotal(); id++) {
      int best = -1;
      double bestDist = Double.MAX_VALUE;
      for (int l = 0; l < index.nlist(); l++) {
        double dist = 0;
        for (int k = 0; k < d; k++) {
          double diff = v[id * d + k] - c[l * d + k];
          dist += diff * diff;
        }
        if (dist < bestDist) {
          bestDist = dist;
          best = l;
        }
      }
      assertEquals(best, index.listOf(id), "vector " + id);
    }
  }

  @Test
  void givenBadD256Index_readsWidthAndLists() throws Exception {
    FaissIndex index =
        FaissIndex.read(Golden.path("bad/added_IVF2_Flat_nprobe_1_tiny_v2_d256.index"));
    assertEquals(256, index.d());
    assertEquals(2, index.nlist());
    assertEquals(index.ntotal(), Arrays.stream(index.listSizes()).sum());
    assertEquals(index.ntotal() * 256, index.vectors().length);
  }

  @Test
  void givenSparseListSizeEncoding_readsTheSameVectors() throws Exception {
    byte[] full = Files.readAllBytes(Golden.path(V1 + ".index"));
    int at = indexOf(full, "full".getBytes());
    ByteBuffer sizes = ByteBuffer.wrap(full, at + 4, 8 + 5 * 8).order(ByteOrder.LITTLE_ENDIAN);
    sizes.getLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(full, 0, at);
    out.writeBytes("sprs".getBytes());
    ByteBuffer sprs = ByteBuffer.allocate(8 + 10 * 8).order(ByteOrder.LITTLE_ENDIAN);
    sprs.putLong(10);
    long[] s = new long[5];
    for (int i = 0; i < 5; i++) {
      s[i] = sizes.getLong();
    }
    for (int i = 4; i >= 0; i--) { // any order
      sprs.putLong(i).putLong(s[i]);
    }
    out.writeBytes(sprs.array());
    int rest = at + 4 + 8 + 5 * 8;
    out.write(full, rest, full.length - rest);
    Path f = Files.write(dir.resolve("sparse.index"), out.toByteArray());
    FaissIndex sparse = FaissIndex.read(f);
    assertArrayEquals(new long[] {1, 4, 54, 70, 69}, sparse.listSizes());
    assertBitEqual(FaissIndex.read(Golden.path(V1 + ".index")).vectors(), sparse.vectors());
  }

  @Test
  void givenBrokenFiles_refusesWithClearMessages() throws Exception {
    byte[] good = Files.readAllBytes(Golden.path(V1 + ".index"));
    Path missing = dir.resolve("none.index");
    Path empty = Files.write(dir.resolve("empty.index"), new byte[0]);
    Path truncated = Files.write(dir.resolve("cut.index"), Arrays.copyOf(good, good.length / 2));
    byte[] pq = good.clone();
    System.arraycopy("IwPQ".getBytes(), 0, pq, 0, 4);
    Path pqFile = Files.write(dir.resolve("pq.index"), pq);
    byte[] legacy = good.clone();
    System.arraycopy("IvFl".getBytes(), 0, legacy, 0, 4);
    Path legacyFile = Files.write(dir.resolve("legacy.index"), legacy);
    byte[] dup = good.clone();
    // The last id of the last list becomes a duplicate of the one before it.
    System.arraycopy(dup, dup.length - 16, dup, dup.length - 8, 8);
    Path dupFile = Files.write(dir.resolve("dup.index"), dup);
    byte[] ondisk = good.clone();
    int il = indexOf(ondisk, "ilar".getBytes());
    System.arraycopy("ilod".getBytes(), 0, ondisk, il, 4);
    Path ondiskFile = Files.write(dir.resolve("ondisk.index"), ondisk);
    Path pth = Golden.path("models/tiny_v2_40k_f0.pth");
    String[][] cases = {
      {missing.toString(), "no such file"},
      {empty.toString(), "empty file"},
      {truncated.toString(), "truncated index"},
      {pqFile.toString(), "unsupported FAISS index type 'IwPQ'"},
      {legacyFile.toString(), "legacy FAISS IVF-Flat format 'IvFl'"},
      {dupFile.toString(), "each once"},
      {ondiskFile.toString(), "inverted-list type 'ilod'"},
      {pth.toString(), "unsupported FAISS index type 'PK"},
    };
    for (String[] c : cases) {
      CheckpointException e =
          assertThrows(CheckpointException.class, () -> FaissIndex.read(Path.of(c[0])));
      assertTrue(
          e.getMessage().startsWith(c[0] + ": ") && e.getMessage().contains(c[1]), e.getMessage());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
