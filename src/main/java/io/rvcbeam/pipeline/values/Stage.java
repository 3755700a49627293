package io.rvcbeam.pipeline.values;

/** The stages of the catalogue graph, in data-flow order; names appear in reports and counters. */
public enum Stage {
  CHECK_VOICES("CheckVoices"),
  SELECT_SONGS("SelectSongs"),
  DECODE_AUDIO("DecodeAudio"),
  CONDITION_INPUT("ConditionInput"),
  ESTIMATE_PITCH("EstimatePitch"),
  SPLIT_INTO_CHUNKS("SplitIntoChunks"),
  CONVERT_CHUNKS("ConvertChunks"),
  STITCH_SONG("StitchSong"),
  WRITE_AUDIO("WriteAudio");

  private final String displayName;

  Stage(String displayName) {
    this.displayName = displayName;
  }

  /** The transform name, e.g. {@code DecodeAudio}. */
  public String displayName() {
    return displayName;
  }
}
