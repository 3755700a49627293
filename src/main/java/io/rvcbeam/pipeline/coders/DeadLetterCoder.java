package io.rvcbeam.pipeline.coders;

import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Stage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Field-by-field coder of {@link DeadLetter}, the only encoding of a failure: stage outputs,
 * failed chunks ({@code ConvertedChunkCoder}) and the work folder's failure files all use it.
 * Deterministic: the same letter always gives the same bytes.
 */
public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {

  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  /** writeUTF takes at most 65535 bytes; a reason is one line, so cut generously. */
  private static final int MAX_REASON_CHARS = 8000;

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
    out.writeUTF(reason.length() > MAX_REASON_CHARS
        ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason);
    byte[] trace = value.stackTrace().getBytes(StandardCharsets.UTF_8);
    out.writeInt(trace.length);
    out.write(trace);
    out.flush();
  }

  @Override
  public DeadLetter decode(InputStream inStream) throws IOException {
    DataInputStream in = ArrayIo.data(inStream);
    String songId = in.readUTF();
    String inputUri = in.readUTF();
    Stage stage = Stage.values()[in.readByte()];
    String reason = in.readUTF();
    byte[] trace = new byte[in.readInt()];
    in.readFully(trace);
    return new DeadLetter(songId, inputUri, stage, reason,
        new String(trace, StandardCharsets.UTF_8));
  }

  @Override
  public void verifyDeterministic() {}
}
