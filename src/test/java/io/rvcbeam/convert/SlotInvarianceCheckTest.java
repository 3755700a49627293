package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.Synthesizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch self-check, on the CPU: the real networks keep a chunk's bytes in every slot, so the
 * plan is kept; a conversion whose bytes depend on the slot is caught and batching falls back to
 * one chunk per call.
 */
class SlotInvarianceCheckTest {

  /** Two buckets of short rows keep the check quick on the tiny models. */
  private static final BatchPlan PLAN = new BatchPlan(3, new int[] {10_320, 20_560});

  @Test
  void givenTheRealNetworksOnTheCpu_theCheckPassesAndKeepsThePlan() throws Exception {
    try (ContentEncoder encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"),
            Device.cpu(), DataType.FLOAT32);
        Synthesizer synth = Synthesizer.load(Golden.path("models/tiny_v2_40k_f0.pth"),
            Device.cpu(), DataType.FLOAT32)) {
      VoiceConverter voice = new VoiceConverter(encoder, synth, null);
      assertSame(PLAN, SlotInvarianceCheck.verified(voice, PLAN));
    }
  }

  @Test
  void givenBytesThatDependOnTheSlot_theCheckFailsAndFallsBackToBatchOne() {
    List<Integer> callSizes = new ArrayList<>();
    // A stand-in conversion that rounds the last slot's output differently, as a kernel that
    // treats slots unevenly would.
    SlotInvarianceCheck.Conversion uneven = (chunks, plan) -> {
      callSizes.add(chunks.size());
      List<float[]> out = new ArrayList<>();
      for (int i = 0; i < chunks.size(); i++) {
        float[] y = chunks.get(i).audio().clone();
        if (i == plan.slots() - 1) {
          y[y.length / 2] = Math.nextUp(y[y.length / 2]);
        }
        out.add(y);
      }
      return out;
    };
    String failure = SlotInvarianceCheck.firstDifference(uneven, PLAN);
    assertNotNull(failure);
    assertTrue(failure.contains("slot 2"), failure);
    assertEquals(BatchPlan.single(), SlotInvarianceCheck.verified(uneven, PLAN, "test"));

    List<Integer> evenCalls = new ArrayList<>();
    SlotInvarianceCheck.Conversion even = (chunks, plan) -> {
      evenCalls.add(chunks.size());
      List<float[]> out = new ArrayList<>();
      chunks.forEach(c -> out.add(c.audio().clone()));
      return out;
    };
    assertNull(SlotInvarianceCheck.firstDifference(even, PLAN));
    // Per bucket: the probe alone, then two full calls (probe in even, then in odd slots).
    assertEquals(List.of(1, 3, 3, 1, 3, 3), evenCalls);
    assertEquals(List.of(1, 3), callSizes.subList(0, 2));
  }
}
