package io.rvcbeam.cli;

import java.util.Collection;
import java.util.Locale;

/**
 * The known name nearest a mistyped one, by edit distance, ignoring case. Written here because
 * picocli's own suggestions are internal to its error printing (they cannot be asked for one
 * name) and the Levenshtein distance is a dozen lines.
 */
final class NearestName {

  /**
   * Farthest a suggestion may be: two edits ({@code pitchh}, {@code batchsise}), three for
   * names of six letters or more ({@code profile} -> {@code profiling}).
   */
  static int maxDistance(String typed) {
    return typed.length() >= 6 ? 3 : 2;
  }

  private NearestName() {}

  /** The nearest of {@code known} within {@link #maxDistance} edits, or null. */
  static String of(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = maxDistance(typed) + 1;
    String lower = typed.toLowerCase(Locale.ROOT);
    for (String name : known) {
      int d = distance(lower, name.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance (insertions, deletions, substitutions), two rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
