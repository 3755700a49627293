package io.rvcbeam.pipeline;

import java.io.Serializable;

/**
 * The conversion settings of one song: job-wide values with the manifest row's overrides applied.
 *
 * @param voice name of the voice (a key of the job's voices)
 * @param pitch semitones added to the estimated pitch
 * @param indexRate retrieval blend in [0, 1]; 0 means the index is not used
 * @param protect consonant protection in [0, 0.5]; 0.5 or more disables it
 * @param rmsMixRate RMS envelope mix in [0, 1]; 1 keeps the converted envelope
 * @param sid speaker row of the voice model
 * @param noise how the synthesizer noise is drawn
 * @param seed seed of the noise
 * @param instrumentalUri an instrumental stem mixed under the converted vocal, or null
 * @param vocalGain linear gain of the converted vocal when a stem is mixed
 * @param instrumentalGain linear gain of the stem
 */
public record SongSettings(
    String voice,
    double pitch,
    double indexRate,
    double protect,
    double rmsMixRate,
    int sid,
    NoiseMode noise,
    long seed,
    String instrumentalUri,
    double vocalGain,
    double instrumentalGain)
    implements Serializable {

  public SongSettings {
    if (voice == null || voice.isEmpty()) {
      throw new IllegalArgumentException("a song needs a voice");
    }
    checkRange("indexRate", indexRate, 0, 1);
    checkRange("protect", protect, 0, 1);
    checkRange("rmsMixRate", rmsMixRate, 0, 1);
    if (sid < 0) {
      throw new IllegalArgumentException("sid must be >= 0, got " + sid);
    }
  }

  private static void checkRange(String name, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      throw new IllegalArgumentException(
          name + " must be in [" + lo + ", " + hi + "], got " + value);
    }
  }

  public SongSettings withVoice(String newVoice) {
    return new SongSettings(
        newVoice, pitch, indexRate, protect, rmsMixRate, sid, noise, seed, instrumentalUri,
        vocalGain, instrumentalGain);
  }
}
