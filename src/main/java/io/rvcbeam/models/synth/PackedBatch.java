package io.rvcbeam.models.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.SynthInput;
import io.rvcbeam.nn.SlotLengths;
import java.util.Arrays;
import java.util.List;

/**
 * The host side of one synthesizer call: its items packed into {@code slots} rows of {@code
 * frames} frames (zero after each item's own frames, rows after the last item empty), with each
 * item's random draws taken in the reference's order; then uploaded to the call, and the
 * decoder's waveform cut back into one array per item. Holds no numerics of the networks.
 */
public final class PackedBatch {

  private final int slots;
  private final int frames;
  private final int phoneDim;
  private final int inter;
  private final int hop;
  private final boolean pitched;
  private final DataType dtype;
  private final int[] lengths; // [slots], 0 for an empty slot
  private final float[] phone; // [slots, frames, phoneDim]
  private final long[] pitch; // [slots, frames] coarse bins
  private final float[] mask; // [slots, 1, frames]
  private final long[] speakers; // [slots]
  private final float[] priorNoise; // [slots, inter, frames]
  private final float[][] excitations; // per item [T_i·hop], or null without a pitch source

  private PackedBatch(SynthConfig config, int slots, int frames, int items, DataType dtype) {
    this.slots = slots;
    this.frames = frames;
    this.phoneDim = config.phoneDim();
    this.inter = config.interChannels();
    this.hop = config.hop();
    this.pitched = config.pitch();
    this.dtype = dtype;
    lengths = new int[slots];
    phone = new float[slots * frames * phoneDim];
    pitch = new long[slots * frames];
    mask = new float[slots * frames];
    speakers = new long[slots];
    priorNoise = new float[slots * inter * frames];
    excitations = new float[items][];
  }

  /**
   * Packs {@code items} (already checked against the model, each at most {@code frames} long)
   * into the first slots. Each item's draws come from its own stream, item after item: the prior
   * sample's {@code normal([1, inter, T])}, then what the decoder's pitch source draws.
   *
   * @param decoder computes each item's excitation on the host (pitch models)
   * @param dtype what floating inputs are uploaded as
   */
  public static PackedBatch pack(SynthConfig config, Decoder decoder, DataType dtype,
      List<SynthInput.Item> items, List<? extends RandomDraws> noise, int slots, int frames) {
    PackedBatch b = new PackedBatch(config, slots, frames, items.size(), dtype);
    for (int i = 0; i < items.size(); i++) {
      SynthInput.Item it = items.get(i);
      int t = it.frames();
      b.lengths[i] = t;
      System.arraycopy(it.phone(), 0, b.phone, i * frames * b.phoneDim, t * b.phoneDim);
      if (b.pitched) {
        System.arraycopy(it.pitch(), 0, b.pitch, i * frames, t);
      }
      Arrays.fill(b.mask, i * frames, i * frames + t, 1f);
      b.speakers[i] = it.speakerId();
      RandomDraws draws = noise.get(i);
      float[] e = draws.normal(1, b.inter, t); // [1, inter, T_i]
      for (int ch = 0; ch < b.inter; ch++) {
        System.arraycopy(e, ch * t, b.priorNoise, (i * b.inter + ch) * frames, t);
      }
      b.excitations[i] = b.pitched ? decoder.excitation(it.pitchf(), draws) : null;
    }
    return b;
  }

  /** Number of items (the first slots). */
  public int items() {
    return excitations.length;
  }

  /** Frames of item {@code i}. */
  public int frames(int i) {
    return lengths[i];
  }

  /** Real frames per slot, for a decoder that masks padded slots. */
  public SlotLengths slotLengths() {
    return SlotLengths.of(lengths);
  }

  /** [B, T, phoneDim] content features. */
  public NDArray phone(NDManager call) {
    return upload(call, phone, slots, frames, phoneDim);
  }

  /** [B, T] coarse pitch bins (zero for a model without pitch). */
  public NDArray pitch(NDManager call) {
    return call.create(pitch, new Shape(slots, frames));
  }

  /** [B, 1, T]: 1 on each item's frames, 0 on padding. */
  public NDArray mask(NDManager call) {
    return upload(call, mask, slots, 1, frames);
  }

  /** [B, inter, T] standard-normal ε of the prior sample. */
  public NDArray priorNoise(NDManager call) {
    return upload(call, priorNoise, slots, inter, frames);
  }

  /** [B] speaker ids (rows of the speaker embedding). */
  public NDArray speakerIds(NDManager call) {
    return call.create(speakers);
  }

  /** [B, 1, T·hop] every item's excitation, zero after its own samples; null without pitch. */
  public NDArray excitations(NDManager call) {
    if (!pitched) {
      return null;
    }
    float[] harmonic = new float[slots * frames * hop];
    for (int i = 0; i < excitations.length; i++) {
      System.arraycopy(excitations[i], 0, harmonic, i * frames * hop, excitations[i].length);
    }
    return upload(call, harmonic, slots, 1, (long) frames * hop);
  }

  /** [1, 1, T_i·hop] item {@code i}'s excitation; null without pitch. */
  public NDArray excitation(NDManager call, int i) {
    float[] e = excitations[i];
    return e == null ? null : upload(call, e, 1, 1, (long) lengths[i] * hop);
  }

  /** Each item's own {@code T_i·hop} samples of a padded call's [B, 1, T·hop] waveform. */
  public float[][] unpack(NDArray wave) {
    float[] all = floats(wave);
    float[][] out = new float[excitations.length][];
    for (int i = 0; i < out.length; i++) {
      int from = i * frames * hop;
      out[i] = Arrays.copyOfRange(all, from, from + lengths[i] * hop);
    }
    return out;
  }

  /** A waveform's samples as float32. */
  public static float[] floats(NDArray wave) {
    return (wave.getDataType() == DataType.FLOAT32 ? wave
        : wave.toType(DataType.FLOAT32, false)).toFloatArray();
  }

  private NDArray upload(NDManager call, float[] values, long... shape) {
    NDArray a = call.create(values, new Shape(shape));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }
}
