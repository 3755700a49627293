package io.rvcbeam.pipeline.coders;

import io.rvcbeam.pipeline.report.StageTimes;
import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.values.ConvertedChunk;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.SongAudio;
import io.rvcbeam.pipeline.values.SongContext;
import io.rvcbeam.pipeline.values.Stage;
import io.rvcbeam.pipeline.values.StitchedSong;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;

/**
 * Compact coders for the audio-carrying elements: arrays as raw little-endian blocks (4 or 8
 * bytes per sample), everything else field by field. {@code SerializableCoder} would be several
 * times slower on audio-sized arrays.
 */
public final class AudioCoders {

  private AudioCoders() {}

  public static Coder<SongAudio> songAudio() {
    return SongAudioCoder.INSTANCE;
  }

  public static Coder<SongContext> songContext() {
    return SongContextCoder.INSTANCE;
  }

  public static Coder<Chunk> chunk() {
    return ChunkCoder.INSTANCE;
  }

  public static Coder<ConvertedChunk> convertedChunk() {
    return ConvertedChunkCoder.INSTANCE;
  }

  /**
   * The audio length of an encoded {@link ConvertedChunk} from the first bytes of its encoding
   * (the rest is not read): what a song's output array is sized by before its chunks are read.
   */
  public static int convertedChunkSamples(InputStream encoded) throws IOException {
    return ConvertedChunkCoder.samples(encoded);
  }

  public static Coder<StitchedSong> stitchedSong() {
    return StitchedSongCoder.INSTANCE;
  }

  private static void writeTimes(StageTimes times, DataOutputStream out) throws IOException {
    for (long nanos : times.toArray()) {
      out.writeLong(nanos);
    }
  }

  /** Count, then each key and value as length-prefixed UTF-8 (a tag may pass writeUTF's 64 kB). */
  private static void writeTags(Map<String, String> tags, DataOutputStream out) throws IOException {
    out.writeInt(tags.size());
    for (Map.Entry<String, String> e : tags.entrySet()) {
      writeString(e.getKey(), out);
      writeString(e.getValue(), out);
    }
  }

  private static Map<String, String> readTags(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == 0) {
      return Map.of();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = readString(in);
      tags.put(key, readString(in));
    }
    return tags;
  }

  private static void writeString(String s, DataOutputStream out) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static StageTimes readTimes(DataInputStream in) throws IOException {
    long[] nanos = new long[Stage.values().length];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = in.readLong();
    }
    return StageTimes.of(nanos);
  }

  static final class SongAudioCoder extends AtomicCoder<SongAudio> {
    static final SongAudioCoder INSTANCE = new SongAudioCoder();

    @Override
    public void encode(SongAudio value, OutputStream outStream) throws IOException {
      DataOutputStream out = ArrayIo.data(outStream);
      SongCoder.of().encode(value.song(), out);
      ArrayIo.writeDoubles(value.decoded16k(), out);
      ArrayIo.writeFloats(value.filtered16k(), out);
      ArrayIo.writeInts(value.cuts(), out);
      ArrayIo.writeDoubles(value.f0(), out);
      out.writeInt(value.originalRate());
      out.writeInt(value.originalChannels());
      writeTimes(value.times(), out);
      writeTags(value.tags(), out);
      out.flush();
    }

    @Override
    public SongAudio decode(InputStream inStream) throws IOException {
      DataInputStream in = ArrayIo.data(inStream);
      return new SongAudio(
          SongCoder.of().decode(in),
          ArrayIo.readDoubles(in),
          ArrayIo.readFloats(in),
          ArrayIo.readInts(in),
          ArrayIo.readDoubles(in),
          in.readInt(),
          in.readInt(),
          readTimes(in),
          readTags(in));
    }
  }

  static final class SongContextCoder extends AtomicCoder<SongContext> {
    static final SongContextCoder INSTANCE = new SongContextCoder();

    @Override
    public void encode(SongContext value, OutputStream outStream) throws IOException {
      DataOutputStream out = ArrayIo.data(outStream);
      SongCoder.of().encode(value.song(), out);
      out.writeDouble(value.inputSeconds());
      ArrayIo.writeDoubles(value.sourceEnvelope(), out);
      writeTimes(value.times(), out);
      writeTags(value.tags(), out);
      out.flush();
    }

    @Override
    public SongContext decode(InputStream inStream) throws IOException {
      DataInputStream in = ArrayIo.data(inStream);
      return new SongContext(
          SongCoder.of().decode(in),
          in.readDouble(),
          ArrayIo.readDoubles(in),
          readTimes(in),
          readTags(in));
    }
  }

  static final class ChunkCoder extends AtomicCoder<Chunk> {
    static final ChunkCoder INSTANCE = new ChunkCoder();

    @Override
    public void encode(Chunk value, OutputStream outStream) throws IOException {
      DataOutputStream out = ArrayIo.data(outStream);
      SongCoder.of().encode(value.song(), out);
      out.writeInt(value.index());
      out.writeInt(value.count());
      out.writeLong(value.offset());
      ArrayIo.writeFloats(value.samples(), out);
      ArrayIo.writeDoubles(value.f0(), out);
      out.writeLong(value.songShare());
      out.flush();
    }

    @Override
    public Chunk decode(InputStream inStream) throws IOException {
      DataInputStream in = ArrayIo.data(inStream);
      return new Chunk(
          SongCoder.of().decode(in),
          in.readInt(),
          in.readInt(),
          in.readLong(),
          ArrayIo.readFloats(in),
          ArrayIo.readDoubles(in),
          in.readLong());
    }
  }

  static final class ConvertedChunkCoder extends AtomicCoder<ConvertedChunk> {
    static final ConvertedChunkCoder INSTANCE = new ConvertedChunkCoder();

    @Override
    public void encode(ConvertedChunk value, OutputStream outStream) throws IOException {
      DataOutputStream out = ArrayIo.data(outStream);
      out.writeUTF(value.songId());
      out.writeInt(value.index());
      out.writeInt(value.count());
      ArrayIo.writeFloats(value.audio(), out);
      out.writeInt(value.sampleRate());
      out.writeLong(value.convertNanos());
      DeadLetter failure = value.failure();
      out.writeBoolean(failure != null);
      if (failure != null) {
        DeadLetterCoder.of().encode(failure, out);
      }
      out.flush();
    }

    static int samples(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      in.readUTF(); // song id
      in.readInt(); // index
      in.readInt(); // count
      return Math.max(0, in.readInt()); // the audio's length (-1 for none)
    }

    @Override
    public ConvertedChunk decode(InputStream inStream) throws IOException {
      DataInputStream in = ArrayIo.data(inStream);
      String songId = in.readUTF();
      int index = in.readInt();
      int count = in.readInt();
      float[] audio = ArrayIo.readFloats(in);
      int rate = in.readInt();
      long nanos = in.readLong();
      DeadLetter failure = null;
      if (in.readBoolean()) {
        failure = DeadLetterCoder.of().decode(in);
      }
      return new ConvertedChunk(songId, index, count, audio, rate, nanos, failure);
    }
  }

  static final class StitchedSongCoder extends AtomicCoder<StitchedSong> {
    static final StitchedSongCoder INSTANCE = new StitchedSongCoder();

    @Override
    public void encode(StitchedSong value, OutputStream outStream) throws IOException {
      DataOutputStream out = ArrayIo.data(outStream);
      SongCoder.of().encode(value.song(), out);
      ArrayIo.writeFloats(value.audio(), out);
      out.writeInt(value.sampleRate());
      out.writeDouble(value.inputSeconds());
      writeTimes(value.times(), out);
      writeTags(value.tags(), out);
      out.flush();
    }

    @Override
    public StitchedSong decode(InputStream inStream) throws IOException {
      DataInputStream in = ArrayIo.data(inStream);
      return new StitchedSong(
          SongCoder.of().decode(in),
          ArrayIo.readFloats(in),
          in.readInt(),
          in.readDouble(),
          readTimes(in),
          readTags(in));
    }
  }
}
