package io.rvcbeam.pipeline;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Field-by-field coder of {@link Song} (Java serialization would add a class descriptor). */
public final class SongCoder extends AtomicCoder<Song> {

  private static final SongCoder INSTANCE = new SongCoder();

  public static SongCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Song song, OutputStream outStream) throws IOException {
    DataOutputStream out = ArrayIo.data(outStream);
    out.writeUTF(song.id());
    out.writeUTF(song.inputUri());
    out.writeUTF(song.outputUri());
    SongSettings s = song.settings();
    out.writeUTF(s.voice());
    out.writeDouble(s.pitch());
    out.writeDouble(s.indexRate());
    out.writeDouble(s.protect());
    out.writeDouble(s.rmsMixRate());
    out.writeInt(s.sid());
    out.writeByte(s.noise().ordinal());
    out.writeLong(s.seed());
    ArrayIo.writeString(s.instrumentalUri(), out);
    out.writeDouble(s.vocalGain());
    out.writeDouble(s.instrumentalGain());
    out.flush();
  }

  @Override
  public Song decode(InputStream inStream) throws IOException {
    DataInputStream in = ArrayIo.data(inStream);
    String id = in.readUTF();
    String input = in.readUTF();
    String output = in.readUTF();
    SongSettings settings =
        new SongSettings(
            in.readUTF(),
            in.readDouble(),
            in.readDouble(),
            in.readDouble(),
            in.readDouble(),
            in.readInt(),
            NoiseMode.values()[in.readByte()],
            in.readLong(),
            ArrayIo.readString(in),
            in.readDouble(),
            in.readDouble());
    return new Song(id, input, output, settings);
  }

  @Override
  public void verifyDeterministic() {}
}
