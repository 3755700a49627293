package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConversionSettingsTest {

  @Test
  void defaults_areUrvcSongCoverDefaults() {
    ConversionSettings s = ConversionSettings.defaults();
    assertEquals(0, s.pitch());
    assertEquals(0.3, s.indexRate());
    assertEquals(0.33, s.protect());
    assertEquals(1.0, s.rmsMixRate());
    assertEquals(0, s.sid());
    assertFalse(s.autotune());
    assertFalse(s.proposedPitch());
    assertEquals(155.0, s.proposedPitchThreshold());
    assertEquals(ConversionSettings.Noise.SEEDED, s.noise());
    assertTrue(s.usesIndex());
    assertTrue(s.usesProtect());
    assertFalse(s.usesRmsMix());
  }

  @Test
  void withers_changeOneField() {
    ConversionSettings s =
        ConversionSettings.defaults()
            .withPitch(2)
            .withIndexRate(0.75)
            .withProtect(0.5)
            .withRmsMixRate(0.25)
            .withSid(3)
            .withNoise(ConversionSettings.Noise.ZERO, 42);
    assertEquals(
        new ConversionSettings(
            2, 0.75, 0.5, 0.25, 3, false, 1.0, false, 155.0, ConversionSettings.Noise.ZERO, 42,
            1.0, 1.0),
        s);
    assertFalse(s.usesProtect());
    assertTrue(s.usesRmsMix());
    assertFalse(s.withIndexRate(0).usesIndex());
  }

  @Test
  void givenOutOfRangeValues_refusesWithTheNameAndValue() {
    ConversionSettings s = ConversionSettings.defaults();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.withIndexRate(1.5));
    assertEquals("indexRate must be within 0..1, got 1.5", e.getMessage());
    assertEquals("protect must be within 0..0.5, got 0.7",
        assertThrows(IllegalArgumentException.class, () -> s.withProtect(0.7)).getMessage());
    assertEquals("vocalGain must be a finite gain of 0 or more, got -1",
        assertThrows(IllegalArgumentException.class, () -> s.withGains(-1, 1)).getMessage());
    assertEquals("pitch must be a whole number of semitones, got 2.5",
        assertThrows(IllegalArgumentException.class, () -> ConversionSettings.semitones(2.5))
            .getMessage());
    assertEquals(-3, ConversionSettings.semitones(-3.0));
    assertEquals(ConversionSettings.Noise.ZERO, ConversionSettings.noiseNamed("Zero"));
    assertThrows(IllegalArgumentException.class, () -> s.withIndexRate(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> s.withProtect(0.6));
    assertThrows(IllegalArgumentException.class, () -> s.withRmsMixRate(-0.1));
    assertThrows(IllegalArgumentException.class, () -> s.withSid(-1));
    assertThrows(IllegalArgumentException.class, () -> s.withPitch(49));
    assertThrows(IllegalArgumentException.class, () -> s.withAutotune(true, 2));
    assertThrows(IllegalArgumentException.class, () -> s.withProposedPitch(true, 20));
    assertThrows(NullPointerException.class, () -> s.withNoise(null, 0));
  }
}
