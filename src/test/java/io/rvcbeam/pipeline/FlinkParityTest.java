package io.rvcbeam.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same job on embedded Flink writes the same files as on the DirectRunner. */
class FlinkParityTest {

  static {
    // Flink warns at length about operator names; keep the build log readable.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.flink", "error");
  }

  @TempDir Path tmp;

  @Test
  void givenTheSameCatalogue_flinkLocalWritesTheDirectRunnersBytes() throws Exception {
    TestCatalogue c = new TestCatalogue(tmp.resolve("in"));
    c.song("s1", 1.2, 44100, 2, "voice_a");
    c.song("s2", 0.7, 16000, 1, "voice_b");
    c.song("s3", 1.6, 48000, 1, "voice_a");
    c.song("bad", java.nio.file.Files.write(c.songs.resolve("bad.wav"), new byte[] {1}),
        "voice_b");
    Path direct = tmp.resolve("direct");
    Path flink = tmp.resolve("flink");
    PipelineOptions flinkOptions =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2",
                "--fasterCopy=true")
            .create();

    assertEquals(PipelineResult.State.DONE, c.convert(direct, 2, false));
    assertEquals(PipelineResult.State.DONE, c.convert(flink, 2, false, flinkOptions));

    Map<String, byte[]> a = CataloguePipelineTest.outputs(direct);
    Map<String, byte[]> b = CataloguePipelineTest.outputs(flink);
    assertEquals(java.util.Set.of("s1.wav", "s2.wav", "s3.wav"), a.keySet());
    assertEquals(a.keySet(), b.keySet());
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name), b.get(name), name);
    }
    assertEquals(
        java.nio.file.Files.readString(direct.resolve(WriteReport.DEAD_LETTERS)),
        java.nio.file.Files.readString(flink.resolve(WriteReport.DEAD_LETTERS)));
  }
}
