package io.rvcbeam.models.rmvpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.RmvpeCheckpoint;
import io.rvcbeam.models.random.RmvpeStateDicts;
import io.rvcbeam.nn.Parameters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RMVPE layout read from keys and shapes, the one inspect shows and the loader builds. */
class RmvpeCheckpointTest {

  @Test
  void givenReleasedSizes_readsE2eWithFourBlocksFiveLevelsFourIntermediate() {
    RmvpeCheckpoint layout = RmvpeCheckpoint.read("released", RmvpeStateDicts.released(1));
    assertEquals(List.of(4, 4, 4, 4, 4), layout.encoderBlocks());
    assertEquals(List.of(4, 4, 4, 4), layout.intermediateBlocks());
    assertEquals(List.of(4, 4, 4, 4, 4), layout.decoderBlocks());
    assertEquals(16, layout.encoderChannels());
    assertEquals(384, layout.gruInput());
    assertEquals(256, layout.gruHidden());
    assertEquals(360, layout.pitchBins());
  }

  @Test
  void givenUnevenBlockCounts_countsEachStageOnItsOwn() {
    Map<String, HostTensor> sd = new LinkedHashMap<>(RmvpeStateDicts.tiny(2));
    sd.keySet().removeIf(k -> k.startsWith("unet.decoder.layers.1.conv2.1."));
    RmvpeCheckpoint layout = RmvpeCheckpoint.read("uneven", sd);
    assertEquals(2, layout.decoderBlocks().get(0));
    assertEquals(1, layout.decoderBlocks().get(1));
    assertEquals(sd.size(), layout.tensorCount());
    // The network is built in the layout's blocks: the uneven level loads, every tensor used.
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters p = new Parameters("uneven", sd, m, DataType.FLOAT32);
      E2eNetwork net = E2eNetwork.read(p, layout, 128);
      assertEquals(1 << layout.encoderBlocks().size(), net.timeMultiple());
      assertTrue(p.unused().isEmpty(), p.unused().toString());
    }
  }

  @Test
  void givenNoRmvpeOrAMissingLayoutTensor_saysWhichInOneLine() {
    Map<String, HostTensor> sd = new LinkedHashMap<>(RmvpeStateDicts.tiny(2));
    sd.remove("fc.0.gru.weight_ih_l0");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RmvpeCheckpoint.read("m.pt", sd));
    assertEquals("m.pt: missing weight 'fc.0.gru.weight_ih_l0'", e.getMessage());
    CheckpointException file = assertThrows(CheckpointException.class,
        () -> RmvpeCheckpoint.read(Path.of("x.pt"), Map.of()));
    assertTrue(file.getMessage().contains("x.pt") && file.getMessage().contains("not an RMVPE"),
        file.getMessage());
  }
}
