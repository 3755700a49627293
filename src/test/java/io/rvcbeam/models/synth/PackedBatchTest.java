package io.rvcbeam.models.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.SynthInput;
import io.rvcbeam.models.random.RandomSynthWeights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedBatchTest {

  /** Draws 100·item + 1, + 2, … and logs each request. */
  static final class Draws implements RandomDraws {
    final int item;
    final List<String> log;
    int next;

    Draws(int item, List<String> log) {
      this.item = item;
      this.log = log;
    }

    @Override
    public float[] normal(long... shape) {
      log.add("normal " + item + " " + new Shape(shape));
      return values(shape);
    }

    @Override
    public float[] uniform(long... shape) {
      log.add("uniform " + item + " " + new Shape(shape));
      return values(shape);
    }

    private float[] values(long... shape) {
      float[] v = new float[Math.toIntExact(new Shape(shape).size())];
      for (int i = 0; i < v.length; i++) {
        v[i] = 100 * item + ++next;
      }
      return v;
    }
  }

  /** A pitch source whose excitation is the item's pitch in Hz at every sample, after a draw. */
  static Decoder decoder(int hop) {
    return new Decoder() {
      @Override
      public float[] excitation(float[] pitchf, RandomDraws draws) {
        draws.uniform(1, 1, 1);
        float[] e = new float[pitchf.length * hop];
        for (int i = 0; i < e.length; i++) {
          e[i] = pitchf[i / hop];
        }
        return e;
      }

      @Override
      public NDArray forward(NDArray z, NDArray g, NDArray excitation, RandomDraws draws) {
        throw new UnsupportedOperationException();
      }
    };
  }

  static SynthInput.Item item(int frames, int phoneDim, float value, int speaker) {
    float[] phone = new float[frames * phoneDim];
    java.util.Arrays.fill(phone, value);
    long[] pitch = new long[frames];
    float[] pitchf = new float[frames];
    java.util.Arrays.fill(pitch, (long) value);
    java.util.Arrays.fill(pitchf, value);
    return new SynthInput.Item(phone, frames, pitch, pitchf, speaker);
  }

  @Test
  void itemsFillTheFirstSlots_zeroAfterTheirFrames_drawsInTheReferenceOrder_outputsCutBack() {
    SynthConfig c = RandomSynthWeights.tinyConfig(true);
    int dim = c.phoneDim();
    int inter = c.interChannels();
    int hop = c.hop();
    List<String> log = new ArrayList<>();
    List<Draws> draws = List.of(new Draws(1, log), new Draws(2, log));
    PackedBatch batch = PackedBatch.pack(c, decoder(hop), DataType.FLOAT32,
        List.of(item(3, dim, 7, 2), item(2, dim, 9, 1)), draws, 3, 4);

    assertEquals(List.of("normal 1 (1, " + inter + ", 3)", "uniform 1 (1, 1, 1)",
        "normal 2 (1, " + inter + ", 2)", "uniform 2 (1, 1, 1)"), log);
    assertEquals(2, batch.items());
    assertEquals(3, batch.frames(0));
    assertEquals(2, batch.frames(1));
    try (NDManager call = NDManager.newBaseManager(Device.cpu())) {
      assertArrayEquals(new float[] {1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0},
          batch.mask(call).toFloatArray());
      assertEquals(new Shape(3, 1, 4), batch.mask(call).getShape());
      assertArrayEquals(new long[] {7, 7, 7, 0, 9, 9, 0, 0, 0, 0, 0, 0},
          batch.pitch(call).toLongArray());
      assertArrayEquals(new long[] {2, 1, 0}, batch.speakerIds(call).toLongArray());

      NDArray phone = batch.phone(call);
      assertEquals(new Shape(3, 4, dim), phone.getShape());
      assertArrayEquals(new float[] {7, 7, 7, 0}, phone.get("0, :, 5").toFloatArray(), 0,
          "slot 0 over its frames");
      assertArrayEquals(new float[] {9, 9, 0, 0, 0, 0, 0, 0},
          phone.get("1:, :, 5").toFloatArray(), 0);

      // item 1's ε is [1, inter, 3] in C order: channel 1 holds its values 4..6
      NDArray eps = batch.priorNoise(call);
      assertEquals(new Shape(3, inter, 4), eps.getShape());
      assertArrayEquals(new float[] {104, 105, 106, 0}, eps.get("0, 1, :").toFloatArray(), 0);
      assertArrayEquals(new float[] {203, 204, 0, 0}, eps.get("1, 1, :").toFloatArray(), 0);
      assertArrayEquals(new float[4], eps.get("2, 1, :").toFloatArray(), 0);

      NDArray excitations = batch.excitations(call);
      assertEquals(new Shape(3, 1, 4L * hop), excitations.getShape());
      float[] e = excitations.toFloatArray();
      assertEquals(7, e[3 * hop - 1]);
      assertEquals(0, e[3 * hop]);
      assertEquals(9, e[4 * hop + 2 * hop - 1]);
      assertEquals(0, e[4 * hop + 2 * hop]);
      assertEquals(new Shape(1, 1, 2L * hop), batch.excitation(call, 1).getShape());

      // the decoder's padded output is cut back to each item's own samples
      float[][] out = batch.unpack(excitations);
      assertEquals(3 * hop, out[0].length);
      assertEquals(2 * hop, out[1].length);
      assertEquals(9, out[1][2 * hop - 1]);
    }
  }

  @Test
  void withoutPitch_noExcitationIsDrawnOrUploaded() {
    SynthConfig c = RandomSynthWeights.tinyConfig(false);
    List<String> log = new ArrayList<>();
    PackedBatch batch = PackedBatch.pack(c, decoder(c.hop()), DataType.FLOAT32,
        List.of(item(2, c.phoneDim(), 5, 0)), List.of(new Draws(1, log)), 1, 2);

    assertEquals(List.of("normal 1 (1, " + c.interChannels() + ", 2)"), log);
    try (NDManager call = NDManager.newBaseManager(Device.cpu())) {
      assertNull(batch.excitations(call));
      assertNull(batch.excitation(call, 0));
      assertArrayEquals(new long[] {0, 0}, batch.pitch(call).toLongArray());
    }
  }
}
