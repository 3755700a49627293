package io.rvcbeam.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The facts of an RVC voice model {@code .pth} (a dict with {@code weight} and {@code config}),
 * read as the reference reads them: {@code version} defaults to v1, {@code f0} to 1, the sample
 * rate is {@code config[-1]}.
 *
 * @param contentWidth width of the content features the model expects (768 for v2, 256 for v1),
 *     from the shape of {@code enc_p.emb_phone.weight} {@code [hidden, width]}
 * @param weightNormKeys {@code weight_g/weight_v}, {@code parametrizations.weight.original0/1},
 *     {@code mixed} or {@code none}
 * @param storageDtype the dtype of the stored weights, or {@code mixed}
 * @param embedderModel the embedder it was trained with ({@code embedder_model}, see {@link
 *     EmbedderName#ofVoice}), or null when it records none
 */
public record VoiceModelInfo(
    Path file,
    String version,
    int sampleRate,
    boolean f0,
    String vocoder,
    int contentWidth,
    int speakers,
    int hop,
    List<Object> config,
    int tensorCount,
    long parameterCount,
    String storageDtype,
    String weightNormKeys,
    String embedderModel) {

  public static final String WEIGHT_G_V = "weight_g/weight_v";
  public static final String PARAMETRIZATIONS = "parametrizations.weight.original0/original1";

  /** True when the checkpoint is laid out like an RVC voice model. */
  public static boolean isVoiceModel(TorchCheckpoint ckpt) {
    return ckpt.root() instanceof Map<?, ?> m
        && m.get("weight") instanceof Map<?, ?>
        && m.get("config") instanceof List<?>;
  }

  public static VoiceModelInfo of(TorchCheckpoint ckpt) throws CheckpointException {
    Path file = ckpt.file();
    if (!isVoiceModel(ckpt)) {
      throw new CheckpointException(
          file, "not an RVC voice model: expected a dict with 'weight' and 'config'");
    }
    Map<?, ?> root = (Map<?, ?>) ckpt.root();
    @SuppressWarnings("unchecked")
    List<Object> config = (List<Object>) root.get("config");
    Map<String, HostTensor> weights = ckpt.tensors();
    String version = root.get("version") instanceof String v ? v : "v1";
    int sampleRate = sampleRate(file, config, root.get("sr"));
    Object f0Entry = root.get("f0");
    boolean f0;
    if (f0Entry == null) {
      f0 = true;
    } else if (f0Entry instanceof Boolean b) {
      f0 = b;
    } else if (f0Entry instanceof Long l) {
      f0 = l != 0;
    } else {
      throw new CheckpointException(file, "f0 entry is neither bool nor int: " + f0Entry);
    }
    String vocoder = root.get("vocoder") instanceof String s ? s : "HiFi-GAN";
    HostTensor emb = weights.get("enc_p.emb_phone.weight");
    int contentWidth =
        emb != null && emb.rank() == 2 ? (int) emb.dim(1) : version.equals("v1") ? 256 : 768;
    HostTensor spk = weights.get("emb_g.weight");
    int speakers = spk != null ? (int) spk.dim(0) : 0;
    int hop = 1;
    if (config.size() == 18 && config.get(12) instanceof List<?> rates) {
      for (Object r : rates) {
        hop *= r instanceof Long l ? l.intValue() : 1;
      }
    }
    long params = 0;
    TreeSet<String> dtypes = new TreeSet<>();
    boolean gv = false;
    boolean parametrized = false;
    for (Map.Entry<String, HostTensor> e : weights.entrySet()) {
      params += e.getValue().numel();
      dtypes.add(e.getValue().dtype().name());
      gv |= e.getKey().endsWith(".weight_g");
      parametrized |= e.getKey().endsWith(".parametrizations.weight.original0");
    }
    String style =
        gv && parametrized ? "mixed" : gv ? WEIGHT_G_V : parametrized ? PARAMETRIZATIONS : "none";
    return new VoiceModelInfo(
        file,
        version,
        sampleRate,
        f0,
        vocoder,
        contentWidth,
        speakers,
        hop,
        List.copyOf(config.stream().map(o -> o == null ? "None" : o).toList()),
        weights.size(),
        params,
        dtypes.size() == 1 ? dtypes.first() : "mixed",
        style,
        EmbedderName.ofVoice(root));
  }

  /** {@code config[-1]} (authoritative), else the {@code sr} entry (int or e.g. "40k"). */
  private static int sampleRate(Path file, List<Object> config, Object sr)
      throws CheckpointException {
    if (!config.isEmpty() && config.get(config.size() - 1) instanceof Long l) {
      return l.intValue();
    }
    if (sr instanceof Long l) {
      return l.intValue();
    }
    if (sr instanceof String s && s.matches("\\d+k")) {
      return Integer.parseInt(s.substring(0, s.length() - 1)) * 1000;
    }
    throw new CheckpointException(file, "no sample rate: config[-1] and sr are missing");
  }
}
