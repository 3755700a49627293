package io.rvcbeam.pipeline;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Field-by-field coder of {@link DeadLetter}. */
public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {

  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DeadLetter value, OutputStream outStream) throws IOException {
    DataOutputStream out = ArrayIo.data(outStream);
    out.writeUTF(value.songId());
    out.writeUTF(value.inputUri());
    out.writeByte(value.stage().ordinal());
    String reason = value.reason();
    out.writeUTF(reason.length() > 8000 ? reason.substring(0, 8000) + "…" : reason);
    out.flush();
  }

  @Override
  public DeadLetter decode(InputStream inStream) throws IOException {
    DataInputStream in = ArrayIo.data(inStream);
    return new DeadLetter(in.readUTF(), in.readUTF(), Stage.values()[in.readByte()], in.readUTF());
  }

  @Override
  public void verifyDeterministic() {}
}
