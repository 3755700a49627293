package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.storage.Uris;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.extensions.gcp.storage.GcsCreateOptions;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Beam's GCS file system against {@link FakeGcsServer}: what the pipeline tests rely on, checked
 * call by call (multi-chunk resumable upload, ranged reads, paged listing, rename, delete), each
 * with a 503 on its first attempt.
 */
class FakeGcsServerTest {

  private FakeGcsServer gcs;

  @BeforeEach
  void start() throws Exception {
    gcs = new FakeGcsServer(2);
    gcs.createBucket("bkt");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.fromArgs(
        "--gcsEndpoint=" + gcs.endpoint(),
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory")
        .create());
    gcs.failFirstAttempt(call -> true);
  }

  @AfterEach
  void stop() {
    gcs.close();
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void givenAFileWrittenInChunks_readsBackWholeAndFromAnOffset() throws Exception {
    byte[] data = new byte[1_000_000];
    new Random(7).nextBytes(data);
    ResourceId file = FileSystems.matchNewResource("gs://bkt/dir/Live [1] é.wav", false);

    // 256 KiB upload chunks: four PUTs of a resumable upload.
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file,
        GcsCreateOptions.builder().setMimeType(MimeTypes.BINARY)
            .setGcsUploadBufferSizeBytes(256 * 1024).build()))) {
      out.write(data);
    }

    assertArrayEquals(data, gcs.get("bkt", "dir/Live [1] é.wav"));
    assertTrue(gcs.calls().stream().filter(c -> c.startsWith("PUT /upload/")).count() >= 4,
        gcs.calls().toString());
    assertArrayEquals(data, Uris.readAll("gs://bkt/dir/Live [1] é.wav"));
    try (SeekableByteChannel in = (SeekableByteChannel) FileSystems.open(file)) {
      in.position(999_000);
      ByteBuffer tail = ByteBuffer.allocate(2000);
      while (in.read(tail) > 0) {
        // reads until the end
      }
      assertEquals(1000, tail.position());
      assertEquals(data[999_500], tail.get(500));
    }
  }

  @Test
  void givenFiveObjects_aGlobPagesThroughAllAndRenameAndDeleteWork() throws Exception {
    for (int i = 0; i < 5; i++) {
      gcs.put("bkt", "songs/s" + i + ".wav", new byte[] {(byte) i});
    }
    gcs.put("bkt", "songs/notes.txt", new byte[] {9});

    MatchResult match = FileSystems.match("gs://bkt/songs/*.wav");
    List<String> names = new ArrayList<>();
    match.metadata().forEach(m -> names.add(m.resourceId().getFilename()));
    assertEquals(List.of("s0.wav", "s1.wav", "s2.wav", "s3.wav", "s4.wav"), names);
    assertEquals(1, match.metadata().get(0).sizeBytes());
    assertTrue(gcs.calls().stream().anyMatch(c -> c.contains("pageToken=")), "paged");

    FileSystems.rename(
        List.of(FileSystems.matchNewResource("gs://bkt/songs/s0.wav", false)),
        List.of(FileSystems.matchNewResource("gs://bkt/out/s0.wav", false)));
    assertNull(gcs.get("bkt", "songs/s0.wav"));
    assertArrayEquals(new byte[] {0}, gcs.get("bkt", "out/s0.wav"));

    FileSystems.delete(List.of(FileSystems.matchNewResource("gs://bkt/out/s0.wav", false)));
    assertNull(gcs.get("bkt", "out/s0.wav"));
    assertFalse(Uris.exists("gs://bkt/out/s0.wav"));
    assertThrows(FileNotFoundException.class, () -> Uris.readAll("gs://bkt/out/s0.wav"));
    assertTrue(gcs.failedCalls().containsAll(List.of("list:bkt/songs/", "rewrite:bkt/songs/s0.wav")),
        gcs.failedCalls().toString());
  }
}
