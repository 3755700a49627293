package io.rvcbeam.pipeline.coders;

import io.rvcbeam.pipeline.report.SongReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/** Coder of {@link SongReport} (small records; Java serialization is fine here). */
public final class SongReportCoder extends AtomicCoder<SongReport> {

  private static final SongReportCoder INSTANCE = new SongReportCoder();
  private static final SerializableCoder<SongReport> DELEGATE =
      SerializableCoder.of(SongReport.class);

  public static SongReportCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(SongReport value, OutputStream outStream) throws IOException {
    DELEGATE.encode(value, outStream);
  }

  @Override
  public SongReport decode(InputStream inStream) throws IOException {
    return DELEGATE.decode(inStream);
  }
}
