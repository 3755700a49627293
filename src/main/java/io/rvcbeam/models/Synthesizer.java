package io.rvcbeam.models;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import io.rvcbeam.checkpoint.VoiceModelConfig;
import io.rvcbeam.models.synth.Decoder;
import io.rvcbeam.models.synth.HifiGanDecoder;
import io.rvcbeam.models.synth.HifiGanGenerator;
import io.rvcbeam.models.synth.MrfGenerator;
import io.rvcbeam.models.synth.PackedBatch;
import io.rvcbeam.models.synth.RefineGanGenerator;
import io.rvcbeam.models.synth.ResidualCouplingFlow;
import io.rvcbeam.models.synth.SineSource;
import io.rvcbeam.models.synth.SynthWeights;
import io.rvcbeam.models.synth.TextEncoder;
import io.rvcbeam.models.synth.WindowedDecoder;
import io.rvcbeam.nn.Parameters;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An RVC voice model's synthesizer (docs/algorithm.md §8): content features + pitch → waveform at the model's
 * sample rate. All four families (v1/v2 × with/without pitch), every rate; the HiFi-GAN,
 * MRF HiFi-GAN and RefineGAN vocoders (the last two need pitch).
 *
 * <p>Immutable and thread-safe once loaded: weights live on the model's manager; each call works
 * in its own sub-manager and returns plain arrays.
 *
 * <p><b>Batches and padding.</b> Items of different lengths are zero-padded to the longest. The
 * prior encoder and the flow run batched: the reference multiplies every convolution input and
 * every attention score by the frame mask, so a padded item computes exactly what it computes
 * alone. The decoder has no mask (the reference runs it on one unpadded chunk), and its
 * receptive field would carry padding (non-zero after biases and activations) into a shorter
 * item's last samples, so {@link #infer} runs the decoder per item on {@code z[b, :, :T_b]},
 * giving exactly {@code T_b · hop} samples with the reference's zero padding at the item's end;
 * {@link #inferPadded} instead runs it batched, zeroing each item's padding before every
 * convolution.
 */
public final class Synthesizer implements AutoCloseable {

  /** The constant of {@code z_p = m_p + exp(logs_p)·ε·0.66666} (not 2/3). */
  private static final float NOISE_SCALE = 0.66666f;
  /** Flow: ResidualCouplingBlock(inter, hidden, kernel 5, dilation rate 1, 3 layers, 4 flows). */
  private static final int FLOW_KERNEL = 5;
  private static final int FLOW_LAYERS = 3;
  private static final int FLOWS = 4;

  private final String source;
  private final SynthConfig config;
  /** Decoder frames per call (10 s): its full-rate activations are bounded by this. */
  private static final int DECODER_WINDOW_FRAMES = 1000;
  /** Frames per window of the decoder's stages after the first (WindowedDecoder#forward). */
  private static final int DECODER_TAIL_WINDOW_FRAMES = 250;

  private final NDManager manager;
  private final DataType dtype;
  private final NDArray speakerEmbedding; // [speakers, gin]
  private final TextEncoder encoder;
  private final ResidualCouplingFlow flow;
  private final Decoder decoder;

  private Synthesizer(String source, SynthConfig config, NDManager manager, DataType dtype,
      SynthWeights w) {
    this.source = source;
    this.config = config;
    this.manager = manager;
    this.dtype = dtype;
    int gin = config.ginChannels();
    speakerEmbedding = w.plain("emb_g.weight", config.speakers(), gin);
    encoder = new TextEncoder(w, config.phoneDim(), config.pitch(), config.interChannels(),
        config.hiddenChannels(), config.filterChannels(), config.heads(), config.layers(),
        config.kernel());
    flow = new ResidualCouplingFlow(w, config.interChannels(), config.hiddenChannels(),
        FLOW_KERNEL, 1, FLOW_LAYERS, FLOWS, gin);
    decoder = switch (config.vocoder()) {
      case HIFI_GAN -> hifiGan(w, config);
      case MRF_HIFI_GAN -> new MrfGenerator(w, config.interChannels(), config.resblockKernels(),
          config.resblockDilations(), config.upsampleRates(), config.upsampleInitialChannels(),
          config.upsampleKernels(), gin, config.sampleRate());
      case REFINEGAN -> new RefineGanGenerator(w, config.interChannels(), config.upsampleRates(),
          gin, config.sampleRate());
    };
  }

  private static Decoder hifiGan(SynthWeights w, SynthConfig config) {
    HifiGanGenerator generator = new HifiGanGenerator(w, config.pitch(), config.interChannels(),
        config.resblock(), config.resblockKernels(), config.resblockDilations(),
        config.upsampleRates(), config.upsampleInitialChannels(), config.upsampleKernels(),
        config.ginChannels());
    WindowedDecoder windowed = new WindowedDecoder(generator, config, DECODER_WINDOW_FRAMES,
        DECODER_TAIL_WINDOW_FRAMES);
    SineSource sine = null;
    if (config.pitch()) {
      float[] lw = w.hostPlain("dec.m_source.l_linear.weight", 1, 1);
      float[] lb = w.hostPlain("dec.m_source.l_linear.bias", 1);
      sine = new SineSource(config.sampleRate(), config.hop(), lw[0], lb[0]);
    }
    return new HifiGanDecoder(windowed, sine);
  }

  /**
   * Loads a voice-model {@code .pth} strictly: every weight the config implies must be present with
   * that shape, and no other key may be present except {@code enc_q.*}.
   *
   * @param dtype compute dtype (FLOAT32; FLOAT16 on a GPU); fp16 storage is widened first
   */
  public static Synthesizer load(java.nio.file.Path pth, Device device, DataType dtype)
      throws CheckpointException {
    Object root = TorchCheckpoint.read(pth).root();
    if (!(root instanceof Map<?, ?> map)) {
      throw new CheckpointException(pth, "not a voice model (the pickle is not a dict)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> dict = (Map<String, Object>) map;
    return fromCheckpoint(pth.toString(), dict, device, dtype);
  }

  /** As {@link #load}, from an already unpickled voice-model dict; {@code source} names it. */
  public static Synthesizer fromCheckpoint(String source, Map<String, Object> dict, Device device,
      DataType dtype) throws CheckpointException {
    Object weight = dict.get("weight");
    if (!(weight instanceof Map<?, ?> wm)) {
      throw new CheckpointException(source, "no 'weight' dict (not an RVC voice model)", null);
    }
    Map<String, HostTensor> tensors = new java.util.LinkedHashMap<>();
    for (Map.Entry<?, ?> e : wm.entrySet()) {
      if (!(e.getValue() instanceof HostTensor t)) {
        throw new CheckpointException(source, "weight '" + e.getKey() + "' is not a tensor", null);
      }
      tensors.put(String.valueOf(e.getKey()), t);
    }
    HostTensor emb = tensors.get("emb_g.weight");
    if (emb == null || emb.rank() != 2) {
      throw new CheckpointException(source, "missing weight 'emb_g.weight' (or not 2-D)", null);
    }
    SynthConfig config;
    try {
      config = SynthConfig.of(VoiceModelConfig.read(source, dict));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(source, e.getMessage(), e);
    }
    return fromWeights(source, config, tensors, device, dtype);
  }

  /**
   * Builds a synthesizer from a state dict (without {@code enc_q.*}) and its config.
   *
   * @throws CheckpointException naming {@code source} and the first missing, misshapen or
   *     unexpected key
   */
  public static Synthesizer fromWeights(String source, SynthConfig config,
      Map<String, HostTensor> tensors, Device device, DataType dtype) throws CheckpointException {
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Parameters params = new Parameters(source, tensors, manager, dtype);
      Synthesizer s = new Synthesizer(source, config, manager, dtype, new SynthWeights(params));
      Set<String> unexpected = new TreeSet<>();
      for (String k : params.unused()) {
        if (!k.startsWith("enc_q.")) {
          unexpected.add(k);
        }
      }
      if (!unexpected.isEmpty()) {
        throw new CheckpointException(source, "unexpected weight '" + unexpected.iterator().next()
            + "' for " + config + " (" + unexpected.size() + " unexpected keys)", null);
      }
      return s;
    } catch (IllegalArgumentException e) {
      manager.close();
      String m = e.getMessage();
      String prefix = source + ": ";
      throw new CheckpointException(source,
          (m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : m) + " (" + config
              + ")", e);
    } catch (CheckpointException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public SynthConfig config() {
    return config;
  }

  public String source() {
    return source;
  }

  /** Output sample rate in Hz. */
  public int sampleRate() {
    return config.sampleRate();
  }

  /** Output samples per input frame. */
  public int hop() {
    return config.hop();
  }

  public Device device() {
    return manager.getDevice();
  }

  /**
   * Synthesizes a batch, drawing every item's noise from one stream, item after item in the
   * reference order.
   */
  public float[][] infer(NDManager caller, SynthInput batch, NoiseSource noise) {
    return infer(caller, batch, Collections.nCopies(batch.items().size(), noise));
  }

  /**
   * Synthesizes a batch.
   *
   * @param caller parent of the call's temporary manager (nothing is left on it)
   * @param noise one draw stream per item (e.g. {@link NoiseSource#seeded} per chunk)
   * @return per item, {@code frames · hop} samples in (−1, 1)
   */
  public float[][] infer(NDManager caller, SynthInput batch, List<NoiseSource> noise) {
    int tMax = 0;
    for (SynthInput.Item it : batch.items()) {
      tMax = Math.max(tMax, it.frames());
    }
    return run(caller, batch.items(), noise, batch.items().size(), tMax, false);
  }

  /**
   * Synthesizes up to {@code slots} items in one call of the fixed shape {@code [slots, ·,
   * frames]}: items zero-padded to {@code frames}, the slots after the last item empty. Every
   * network masks the padding (the decoder too), so an item's samples depend only on the item,
   * its noise and this shape, never on its slot or on the other items; they equal its {@link
   * #infer} alone up to float rounding.
   *
   * @param frames the padded length, at least every item's frames
   * @return per item, {@code frames · hop} samples of its own frames
   */
  public float[][] inferPadded(NDManager caller, List<SynthInput.Item> items,
      List<NoiseSource> noise, int slots, int frames) {
    if (!batchesPadded()) {
      throw new IllegalStateException(
          "the " + config.vocoder() + " decoder of " + source + " runs one chunk per call");
    }
    if (items.isEmpty() || items.size() > slots) {
      throw new IllegalArgumentException(items.size() + " items for " + slots + " slots");
    }
    return run(caller, items, noise, slots, frames, true);
  }

  /**
   * Whether {@link #inferPadded} serves this model: its decoder masks padded slots. MRF HiFi-GAN
   * and RefineGAN do not yet (RefineGAN also draws noise inside the network per item), so their
   * voices convert one chunk per call.
   */
  public boolean batchesPadded() {
    return decoder.masksPaddedSlots();
  }

  /**
   * The reference's {@code Synthesizer.infer} (rvc/lib/algorithm/synthesizers.py): prior encoder →
   * prior sample → reversed flow → decoder, on {@code slots} rows of {@code frames} frames (B and
   * T below). The host-side packing and unpacking is {@link PackedBatch}'s.
   */
  private float[][] run(NDManager caller, List<SynthInput.Item> items, List<NoiseSource> noise,
      int slots, int frames, boolean maskDecoder) {
    check(items, noise, frames);
    PackedBatch batch = PackedBatch.pack(config, decoder, dtype, items, noise, slots, frames);
    try (NDManager call = caller.newSubManager(manager.getDevice())) {
      NDArray phone = batch.phone(call); // [B, T, phoneDim]
      NDArray pitch = batch.pitch(call); // [B, T]
      NDArray mask = batch.mask(call); // [B, 1, T]
      NDArray eps = batch.priorNoise(call); // [B, inter, T]
      NDArray g = speakers(call, batch.speakerIds(call)); // [B, gin, 1]

      TextEncoder.Prior prior = encoder.forward(call, phone, pitch, mask); // 2 × [B, inter, T]
      // z_p = (m_p + exp(logs_p) · ε · 0.66666) · mask: [B, inter, T]
      NDArray zp = prior.logStd().exp().mul(eps).mul(NOISE_SCALE).add(prior.mean()).mul(mask);
      NDArray z = flow.reverse(zp, mask, g).mul(mask); // [B, inter, T]
      return maskDecoder ? decodePadded(call, batch, z, g) : decodeEach(call, batch, z, g, noise);
    }
  }

  /** The decoder on every slot at once, each slot's padding masked inside it. */
  private float[][] decodePadded(NDManager call, PackedBatch batch, NDArray z, NDArray g) {
    NDArray excitation = batch.excitations(call); // [B, 1, T·hop], or null
    NDArray wave = decoder.forwardPadded(z, g, excitation, batch.slotLengths()); // [B, 1, T·hop]
    return batch.unpack(wave);
  }

  /** The decoder has no mask of its own: unmasked, each item runs alone at its own length. */
  private float[][] decodeEach(NDManager call, PackedBatch batch, NDArray z, NDArray g,
      List<NoiseSource> noise) {
    float[][] out = new float[batch.items()][];
    for (int i = 0; i < out.length; i++) {
      NDArray zi = z.get(i + ":" + (i + 1) + ", :, :" + batch.frames(i)); // [1, inter, T_i]
      NDArray gi = g.get(i + ":" + (i + 1)); // [1, gin, 1]
      NDArray excitation = batch.excitation(call, i); // [1, 1, T_i·hop], or null
      NDArray wave = decoder.forward(zi, gi, excitation, noise.get(i)); // [1, 1, T_i·hop]
      out[i] = PackedBatch.floats(wave);
      wave.close();
      if (excitation != null) {
        excitation.close();
      }
    }
    return out;
  }

  /** [B, gin, 1] the speakers' embedding rows, on the call's manager. */
  private NDArray speakers(NDManager call, NDArray ids) {
    NDArray g = speakerEmbedding.get(ids); // [B, gin]
    g.attach(call);
    return g.expandDims(2);
  }

  private void check(List<SynthInput.Item> items, List<NoiseSource> noise, int frames) {
    if (noise.size() != items.size()) {
      throw new IllegalArgumentException(
          noise.size() + " noise sources for " + items.size() + " items");
    }
    for (SynthInput.Item it : items) {
      validate(it);
      if (it.frames() > frames) {
        throw new IllegalArgumentException(
            "item of " + it.frames() + " frames in a batch of " + frames);
      }
    }
  }

  private void validate(SynthInput.Item it) {
    int t = it.frames();
    if (t < 1) {
      throw new IllegalArgumentException("synthesizer item with " + t + " frames");
    }
    if (it.phone() == null || it.phone().length != (long) t * config.phoneDim()) {
      throw new IllegalArgumentException("phone features must be [" + t + ", "
          + config.phoneDim() + "] for " + source);
    }
    if (it.speakerId() < 0 || it.speakerId() >= config.speakers()) {
      throw new IllegalArgumentException("speaker id " + it.speakerId() + " out of range [0, "
          + config.speakers() + ") for " + source);
    }
    if (config.pitch()) {
      if (it.pitch() == null || it.pitch().length != t || it.pitchf() == null
          || it.pitchf().length != t) {
        throw new IllegalArgumentException("pitch and pitchf must have " + t + " frames");
      }
      for (long p : it.pitch()) {
        if (p < 0 || p > 255) {
          throw new IllegalArgumentException("coarse pitch " + p + " outside 0..255");
        }
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
