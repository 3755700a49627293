package io.rvcbeam.models.rmvpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.RmvpeCheckpoint;
import io.rvcbeam.models.random.RmvpeStateDicts;
import io.rvcbeam.nn.Parameters;
import org.junit.jupiter.api.Test;

class E2eNetworkTest {

  @Test
  void givenForward_leavesOnlyItsOutputOnTheCallersManager() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters p = new Parameters("tiny", RmvpeStateDicts.tiny(3), m, DataType.FLOAT32);
      E2eNetwork net =
          E2eNetwork.read(p, RmvpeCheckpoint.read("tiny", RmvpeStateDicts.tiny(3)), 128);
      try (NDManager call = m.newSubManager()) {
        NDArray mel = call.randomNormal(0, 1, new Shape(2, 128, 64), DataType.FLOAT32);
        NDArray out = net.forward(mel);
        assertArrayEquals(new long[] {2, 64, 360}, out.getShape().getShape());
        assertEquals(2, ((BaseNDManager) call).getManagedArrays().size(),
            "arrays left on the call manager besides input and output");
      }
    }
  }

  @Test
  void givenFramesNotMultipleOf32_throws() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters p = new Parameters("tiny", RmvpeStateDicts.tiny(3), m, DataType.FLOAT32);
      E2eNetwork net =
          E2eNetwork.read(p, RmvpeCheckpoint.read("tiny", RmvpeStateDicts.tiny(3)), 128);
      assertEquals(32, net.timeMultiple());
      assertThrows(IllegalArgumentException.class,
          () -> net.forward(m.zeros(new Shape(1, 128, 40))));
    }
  }
}
