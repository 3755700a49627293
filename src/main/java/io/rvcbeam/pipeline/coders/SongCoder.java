package io.rvcbeam.pipeline.coders;

import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.convert.ConversionSettings;
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
    out.writeUTF(song.voice());
    ArrayIo.writeString(song.instrumentalUri(), out);
    ConversionSettings s = song.settings();
    out.writeInt(s.pitch());
    out.writeDouble(s.indexRate());
    out.writeDouble(s.protect());
    out.writeDouble(s.rmsMixRate());
    out.writeInt(s.sid());
    out.writeBoolean(s.autotune());
    out.writeDouble(s.autotuneStrength());
    out.writeBoolean(s.proposedPitch());
    out.writeDouble(s.proposedPitchThreshold());
    out.writeByte(s.noise().ordinal());
    out.writeLong(s.seed());
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
    String voice = in.readUTF();
    String instrumental = ArrayIo.readString(in);
    ConversionSettings settings =
        new ConversionSettings(
            in.readInt(),
            in.readDouble(),
            in.readDouble(),
            in.readDouble(),
            in.readInt(),
            in.readBoolean(),
            in.readDouble(),
            in.readBoolean(),
            in.readDouble(),
            ConversionSettings.Noise.values()[in.readByte()],
            in.readLong(),
            in.readDouble(),
            in.readDouble());
    return new Song(id, input, output, voice, instrumental, settings);
  }

  @Override
  public void verifyDeterministic() {}
}
