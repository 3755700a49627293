package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} and {@code convert} write the same bytes for the same song and settings: the same
 * noise key (the song id, i.e. the output's name without extension), the same networks, the same
 * engine thread count by default (1 in both; the test JVM pins it to 1 as well).
 */
class RunConvertParityTest {

  @TempDir Path tmp;

  @Test
  void givenOneSongAndDefaultSettings_runAndConvertWriteIdenticalBytes() throws Exception {
    Path song = Files.createDirectories(tmp.resolve("songs")).resolve("take 1.wav");
    Files.copy(Path.of(ConvertRun.SONG), song);
    // The output name differs from the input's: seeded noise keys on the output's name.
    Files.writeString(tmp.resolve("songs.csv"), "input,output\nsongs/take 1.wav,renamed\n");
    Path job =
        Files.writeString(
            tmp.resolve("job.yaml"),
            """
            catalogue: {manifest: songs.csv}
            voices:
              alto: {model: %s, index: %s}
            models: {embedder: %s, pitchModel: %s}
            output: {location: out}
            settings: {pitch: 2}
            """
                .formatted(ConvertRun.g("models/tiny_v2_40k_f0.pth"),
                    ConvertRun.g("models/added_IVF5_Flat_nprobe_1_tiny_v2.index"),
                    ConvertRun.g("models/contentvec_tiny"), ConvertRun.g("models/rmvpe_tiny.pt")));
    StringWriter err = new StringWriter();
    CommandLine run = new CommandLine(new RunCommand(Map.of(), () -> 0));
    run.setOut(new PrintWriter(new StringWriter()));
    run.setErr(new PrintWriter(err));

    assertEquals(0, run.execute(job.toString(), "--progressSeconds=0"), err.toString());
    Path converted = tmp.resolve("convert").resolve("renamed.wav");
    Files.createDirectories(converted.getParent());
    ConvertRun c = ConvertRun.golden(song.toString(), converted, "--pitch=2");
    assertEquals(0, c.code(), c.err());

    assertArrayEquals(Files.readAllBytes(tmp.resolve("out").resolve("renamed.wav")),
        Files.readAllBytes(converted));
  }
}
