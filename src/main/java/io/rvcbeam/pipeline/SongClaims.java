package io.rvcbeam.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which songs this JVM has sent on to stitching (or to the dead letters) in a run, so that the
 * chunks of one song that end together on different threads emit the song once.
 */
final class SongClaims {

  private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();

  private SongClaims() {}

  /** True for the first caller per run and song. */
  static boolean claim(String runId, String songId) {
    return CLAIMED.add(runId + '\n' + songId);
  }
}
