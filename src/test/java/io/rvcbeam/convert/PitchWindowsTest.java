package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.convert.PitchWindows.Window;
import io.rvcbeam.nn.ReflectPad;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PitchWindowsTest {

  @Test
  void givenSongWithinTheReferenceWindow_planIsOneWindowPaddedToThirtyTwo() {
    // chain_short: 80 000 padded samples → 501 mel frames → one 512-frame window
    PitchWindows plan = PitchWindows.plan(PitchWindows.framesOf(80000));
    assertEquals(List.of(new Window(0, 512, 501, 0, 501)), plan.windows());
    // 318 s of padded audio still fits the reference's single 32 000-frame window
    PitchWindows longest = PitchWindows.plan(32000);
    assertEquals(List.of(new Window(0, 32000, 32000, 0, 32000)), longest.windows());
    assertEquals(2, PitchWindows.plan(32001).windows().size());
  }

  @Test
  void everyFrameIsKeptExactlyOnce_andWindowsAreAlignedMultiplesOfThirtyTwo() {
    int[][] cases = {
      {1, 32000, 1024}, {31, 96, 32}, {33, 96, 32}, {97, 96, 32}, {32001, 32000, 1024}, {100000, 32000, 1024},
      {360001, 32000, 1024}, {1000, 96, 32}, {1000, 128, 32}, {977, 256, 96}, {64000, 32000, 1024}
    };
    for (int[] c : cases) {
      int frames = c[0];
      int max = c[1];
      int margin = c[2];
      PitchWindows plan = PitchWindows.plan(frames, max, margin);
      int padded = (frames + 31) / 32 * 32;
      int[] kept = new int[frames];
      int expectedFrom = 0;
      List<Window> windows = plan.windows();
      for (int k = 0; k < windows.size(); k++) {
        Window w = windows.get(k);
        String where = frames + "/" + max + "/" + margin + " window " + k + " " + w;
        assertEquals(0, w.length() % 32, where);
        assertEquals(0, w.start() % 32, where);
        assertTrue(w.length() <= max, where);
        assertTrue(w.start() >= 0 && w.start() + w.length() <= padded, where);
        assertEquals(Math.min(w.length(), frames - w.start()), w.realFrames(), where);
        assertEquals(expectedFrom, w.keepFrom(), where);
        if (k > 0) {
          assertTrue(w.keepFrom() - w.start() >= margin, where);
        }
        if (k < windows.size() - 1) {
          assertTrue(w.start() + w.length() - w.keepTo() >= margin, where);
        }
        for (int f = w.keepFrom(); f < w.keepTo(); f++) {
          kept[f]++;
        }
        expectedFrom = w.keepTo();
      }
      assertEquals(frames, expectedFrom);
      for (int f = 0; f < frames; f++) {
        assertEquals(1, kept[f], "frame " + f + " of " + frames);
      }
    }
  }

  @Test
  void windowAudio_coversExactlyTheSamplesOfItsStftFrames() {
    Window w = PitchWindows.plan(100000).windows().get(1);
    // frame f of a centred STFT covers padded-song samples [160f − 512, 160f + 512)
    assertEquals(160L * w.start() - 512, w.audioStart());
    assertEquals(160 * (w.start() + w.realFrames() - 1) + 512, w.audioStart() + w.audioLength());
    Window first = PitchWindows.plan(501).windows().get(0);
    assertEquals(-512, first.audioStart());
    assertEquals(80000 + 1024, first.audioLength()); // = center-padded length of 80 000 samples
  }

  @Test
  void windowAudio_isTheCentrePaddedSongAtTheWindowsFrames() {
    float[] song = new float[160 * 1000 + 37];
    Random random = new Random(3);
    for (int i = 0; i < song.length; i++) {
      song[i] = random.nextFloat();
    }
    int frames = PitchWindows.framesOf(song.length);
    float[] centred = ReflectPad.slice(song, -512, song.length + 1024); // torch center=True
    PitchWindows plan = PitchWindows.plan(frames, 256, 64);
    for (Window w : plan.windows()) {
      float[] audio = w.audio(song);
      // STFT frame f reads centred[160f, 160f + 1024)
      float[] expected = java.util.Arrays.copyOfRange(
          centred, 160 * w.start(), 160 * (w.start() + w.realFrames() - 1) + 1024);
      assertArrayEquals(expected, audio, w.toString());
    }
  }

  @Test
  void sourceFrame_reflectsPastTheLastRealFrameLikeTorchPadReflect() {
    Window w = new Window(0, 512, 501, 0, 501);
    assertEquals(500, w.sourceFrame(500));
    assertEquals(499, w.sourceFrame(501));
    assertEquals(489, w.sourceFrame(511));
  }

  @Test
  void givenALocalModel_stitchedWindowsEqualTheWholeSongRun() {
    int radius = 40;
    Random random = new Random(7);
    for (int frames : new int[] {700, 1000, 1057, 3001}) {
      PitchWindows plan = PitchWindows.plan(frames, 256, 64);
      assertTrue(plan.windows().size() > 1);
      int padded = (frames + 31) / 32 * 32;
      float[] mel = new float[frames];
      for (int f = 0; f < frames; f++) {
        mel[f] = random.nextFloat();
      }
      float[][] whole = localModel(reflectTo(mel, padded), radius);
      List<float[][]> outputs = new ArrayList<>();
      for (Window w : plan.windows()) {
        float[] real = new float[w.realFrames()];
        System.arraycopy(mel, w.start(), real, 0, w.realFrames());
        float[] input = new float[w.length()];
        for (int j = 0; j < w.length(); j++) {
          input[j] = real[w.sourceFrame(j)];
        }
        outputs.add(localModel(input, radius));
      }
      float[][] stitched = plan.stitch(outputs);
      assertEquals(frames, stitched.length);
      for (int f = 0; f < frames; f++) {
        assertArrayEquals(whole[f], stitched[f], "frame " + f + " of " + frames);
      }
    }
  }

  @Test
  void givenAModelWiderThanTheMargin_stitchingDiffers() {
    int frames = 1000;
    PitchWindows plan = PitchWindows.plan(frames, 256, 32);
    float[] mel = new float[frames];
    for (int f = 0; f < frames; f++) {
      mel[f] = f % 7;
    }
    float[][] whole = localModel(reflectTo(mel, 1024), 100);
    List<float[][]> outputs = new ArrayList<>();
    for (Window w : plan.windows()) {
      float[] input = new float[w.length()];
      for (int j = 0; j < w.length(); j++) {
        input[j] = mel[w.start() + w.sourceFrame(j)];
      }
      outputs.add(localModel(input, 100));
    }
    float[][] stitched = plan.stitch(outputs);
    boolean differs = false;
    for (int f = 0; f < frames; f++) {
      differs |= whole[f][0] != stitched[f][0];
    }
    assertTrue(differs, "the test model must be able to tell windows from the whole run");
  }

  @Test
  void stitch_refusesMissingOrShortOutputs() {
    PitchWindows plan = PitchWindows.plan(1000, 256, 32);
    assertThrows(IllegalArgumentException.class, () -> plan.stitch(List.of()));
    List<float[][]> shortOnes = new ArrayList<>();
    for (int i = 0; i < plan.windows().size(); i++) {
      shortOnes.add(new float[3][1]);
    }
    assertThrows(IllegalArgumentException.class, () -> plan.stitch(shortOnes));
  }

  @Test
  void givenBadParameters_refuses() {
    assertThrows(IllegalArgumentException.class, () -> PitchWindows.plan(0));
    assertThrows(IllegalArgumentException.class, () -> PitchWindows.plan(10, 100, 32));
    assertThrows(IllegalArgumentException.class, () -> PitchWindows.plan(10, 128, 48));
    assertThrows(IllegalArgumentException.class, () -> PitchWindows.plan(10, 128, 64));
  }

  private static float[] reflectTo(float[] mel, int length) {
    float[] out = new float[length];
    Window whole = new Window(0, length, mel.length, 0, mel.length);
    for (int j = 0; j < length; j++) {
      out[j] = mel[whole.sourceFrame(j)];
    }
    return out;
  }

  /**
   * A stand-in for the network: output frame i depends on its absolute-free neighbourhood of
   * ±radius frames (zero outside the input), with two "bins".
   */
  private static float[][] localModel(float[] input, int radius) {
    float[][] out = new float[input.length][2];
    for (int i = 0; i < input.length; i++) {
      float sum = 0;
      float weighted = 0;
      for (int d = -radius; d <= radius; d++) {
        int j = i + d;
        if (j >= 0 && j < input.length) {
          sum += input[j];
          weighted += input[j] * (d + radius + 1);
        }
      }
      out[i][0] = sum;
      out[i][1] = weighted;
    }
    return out;
  }
}
