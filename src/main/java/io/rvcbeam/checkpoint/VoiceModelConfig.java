package io.rvcbeam.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What an RVC voice model {@code .pth} says about itself, read once for everyone: {@code inspect}
 * and the voice checks ({@link VoiceModelInfo}) and the synthesizer that loads it (the models'
 * {@code SynthConfig}) are built from this record, so they cannot disagree about a file.
 *
 * <p>Read as the reference reads it: {@code version} defaults to v1, {@code f0} to 1, {@code
 * vocoder} to HiFi-GAN; the sample rate is {@code config[-1]} (else the {@code sr} entry, an int
 * or e.g. "40k"); the speaker count is the rows of {@code emb_g.weight}, which replaces {@code
 * config[-3]} as the reference does.
 *
 * @param source the file, for messages
 * @param version the {@code version} entry, "v1" when absent
 * @param f0 pitch guidance (the {@code f0} entry, 1 when absent)
 * @param vocoder the {@code vocoder} entry, {@link #DEFAULT_VOCODER} when absent
 * @param entries the {@code config} list as stored (18 entries in every RVC model; read them
 *     with {@link #integer}, {@link #integers} and {@link #integerLists})
 * @param sampleRate output sample rate, Hz
 * @param speakers rows of {@code emb_g.weight}, 0 when it is missing
 * @param contentWidth width of the content features it takes: the columns of {@code
 *     enc_p.emb_phone.weight}, else 256 for v1 and 768 otherwise
 * @param embedderModel the embedder it was trained with ({@link EmbedderName#ofVoice}), or null
 */
public record VoiceModelConfig(
    String source,
    String version,
    boolean f0,
    String vocoder,
    List<Object> entries,
    int sampleRate,
    int speakers,
    int contentWidth,
    String embedderModel) {

  /** The decoder of every RVC WebUI model, which writes no {@code vocoder} entry. */
  public static final String DEFAULT_VOCODER = "HiFi-GAN";

  /** Entries of the {@code config} list of an RVC voice model. */
  public static final int CONFIG_ENTRIES = 18;

  /** Index of {@code upsample_rates} in the {@code config} list. */
  private static final int UPSAMPLE_RATES = 12;

  /**
   * @param root the unpickled {@code .pth}: a dict with {@code config} and {@code weight}
   * @throws CheckpointException naming {@code source} and the entry that is missing or malformed
   */
  public static VoiceModelConfig read(String source, Map<?, ?> root) throws CheckpointException {
    if (!(root.get("config") instanceof List<?> config)) {
      throw new CheckpointException(source,
          "not an RVC voice model: 'config' is not a list: " + root.get("config"), null);
    }
    Map<?, ?> weights = root.get("weight") instanceof Map<?, ?> w ? w : Map.of();
    Object v = root.get("version");
    String version = v == null ? "v1" : v.toString();
    Object vocoder = root.get("vocoder");
    HostTensor emb = weights.get("enc_p.emb_phone.weight") instanceof HostTensor t ? t : null;
    HostTensor spk = weights.get("emb_g.weight") instanceof HostTensor t ? t : null;
    return new VoiceModelConfig(
        source,
        version,
        f0(source, root.get("f0")),
        vocoder == null ? DEFAULT_VOCODER : vocoder.toString(),
        Collections.unmodifiableList(new ArrayList<Object>(config)),
        sampleRate(source, config, root.get("sr")),
        spk != null && spk.rank() >= 1 ? Math.toIntExact(spk.dim(0)) : 0,
        emb != null && emb.rank() == 2 ? Math.toIntExact(emb.dim(1))
            : version.equals("v1") ? 256 : 768,
        EmbedderName.ofVoice(root));
  }

  /** {@code config[i]} as an integer; {@code what} names it in the message. */
  public int integer(int i, String what) {
    return toInt(entry(i, what), what);
  }

  /** {@code config[i]} as a list of integers. */
  public int[] integers(int i, String what) {
    return toInts(entry(i, what), what);
  }

  /** {@code config[i]} as a list of lists of integers. */
  public int[][] integerLists(int i, String what) {
    if (!(entry(i, what) instanceof List<?> l)) {
      throw new IllegalArgumentException(what + " is not a list: " + entry(i, what));
    }
    int[][] out = new int[l.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = toInts(l.get(k), what);
    }
    return out;
  }

  /** Output samples per content frame: the product of the upsample rates (1 when unreadable). */
  public int hop() {
    if (entries.size() != CONFIG_ENTRIES) {
      return 1;
    }
    try {
      int hop = 1;
      for (int rate : integers(UPSAMPLE_RATES, "upsample_rates")) {
        hop *= rate;
      }
      return hop;
    } catch (IllegalArgumentException e) {
      return 1;
    }
  }

  private Object entry(int i, String what) {
    if (i < 0 || i >= entries.size()) {
      throw new IllegalArgumentException(what + " is missing: 'config' has " + entries.size()
          + " entries");
    }
    return entries.get(i);
  }

  private static boolean f0(String source, Object entry) throws CheckpointException {
    if (entry == null) {
      return true;
    }
    if (entry instanceof Boolean b) {
      return b;
    }
    try {
      return toInt(entry, "f0") != 0;
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(source, "f0 entry is neither bool nor int: " + entry, null);
    }
  }

  /** {@code config[-1]} (authoritative), else the {@code sr} entry. */
  private static int sampleRate(String source, List<?> config, Object sr)
      throws CheckpointException {
    for (Object candidate : new Object[] {config.isEmpty() ? null : config.get(config.size() - 1),
        sr}) {
      if (candidate != null) {
        try {
          return rate(candidate);
        } catch (IllegalArgumentException e) {
          // try the next one
        }
      }
    }
    throw new CheckpointException(source,
        "no sample rate: config[-1] and sr are missing or not rates (" + sr + ")", null);
  }

  /** 40000, 40000L, "40000" or "40k". */
  private static int rate(Object o) {
    if (o instanceof String s && s.matches("\\d+k")) {
      return Integer.parseInt(s.substring(0, s.length() - 1)) * 1000;
    }
    return toInt(o, "sample rate");
  }

  private static int toInt(Object o, String what) {
    if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return Math.toIntExact(n.longValue());
    }
    if (o instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (o instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(what + " is not an integer: " + o);
  }

  private static int[] toInts(Object o, String what) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(what + " is not a list: " + o);
    }
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = toInt(l.get(i), what);
    }
    return out;
  }
}
