package io.rvcbeam.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The facts {@code inspect} and the voice checks show of an RVC voice model {@code .pth} (a dict
 * with {@code weight} and {@code config}): its {@link VoiceModelConfig}, the same reading the
 * synthesizer loads from, plus statistics of its weights.
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

  /** The inspect facts: what {@link VoiceModelConfig} reads, plus the weights' statistics. */
  public static VoiceModelInfo of(TorchCheckpoint ckpt) throws CheckpointException {
    Path file = ckpt.file();
    if (!isVoiceModel(ckpt)) {
      throw new CheckpointException(
          file, "not an RVC voice model: expected a dict with 'weight' and 'config'");
    }
    VoiceModelConfig declared = VoiceModelConfig.read(file.toString(), (Map<?, ?>) ckpt.root());
    Map<String, HostTensor> weights = ckpt.tensors();
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
        declared.version(),
        declared.sampleRate(),
        declared.f0(),
        declared.vocoder(),
        declared.contentWidth(),
        declared.speakers(),
        declared.hop(),
        List.copyOf(declared.entries().stream().map(o -> o == null ? "None" : o).toList()),
        weights.size(),
        params,
        dtypes.size() == 1 ? dtypes.first() : "mixed",
        style,
        declared.embedderModel());
  }
}
