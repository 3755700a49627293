package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input through {@code rvc-beam convert}: exit code 1, one line on stderr naming the file and
 * the problem, and no output file (nor a temporary one) left behind.
 */
class ConvertCommandErrorsTest {

  @TempDir Path dir;

  private Path out() {
    return dir.resolve("out.wav");
  }

  /** The run failed with one line that contains every one of {@code expected}. */
  private void assertFailedWith(ConvertRun run, String... expected) throws IOException {
    assertEquals(ConvertCommand.FAILED, run.code(), run.err());
    List<String> lines = run.errLines();
    assertEquals(1, lines.size(), "one line: " + run.err());
    String line = lines.get(0);
    assertTrue(line.startsWith("error: "), line);
    for (String s : expected) {
      assertTrue(line.contains(s), "'" + s + "' in: " + line);
    }
    assertFalse(line.contains("Exception"), "no exception class names: " + line);
    assertFalse(Files.exists(out()), "no output file");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "nothing left in the output directory");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "bad/corrupt_header_magic.wav, corrupt_header_magic.wav",
    "bad/corrupt_header_fmt.wav, corrupt_header_fmt.wav",
    "bad/corrupt_header_chunk_size.wav, corrupt_header_chunk_size.wav",
    "bad/zero_bytes.wav, empty",
    "bad/empty_0_samples.wav, no audio samples",
  })
  void givenCorruptOrEmptyAudio_failsNamingTheInput(String input, String problem)
      throws IOException {
    ConvertRun run = ConvertRun.golden(ConvertRun.g(input), out());

    assertFailedWith(run, ConvertRun.g(input), problem);
  }

  @Test
  void givenTruncatedModel_failsNamingTheModel_beforeDecodingTheAudio() throws IOException {
    String model = ConvertRun.g("bad/truncated_tiny_v2_40k_f0.pth");

    // The audio is corrupt too: the model is checked first.
    ConvertRun run = ConvertRun.of(Map.of(), ConvertRun.g("bad/corrupt_header_magic.wav"),
        out().toString(), "--model=" + model, ConvertRun.INDEX, ConvertRun.EMBEDDER,
        ConvertRun.RMVPE);

    assertFailedWith(run, model);
  }

  @Test
  void givenEmbedderOtherThanTheVoiceWasTrainedWith_failsNamingBoth() throws IOException {
    String spin = ConvertRun.g("embedders/spin");

    ConvertRun run = ConvertRun.of(Map.of(), ConvertRun.SONG, out().toString(), ConvertRun.MODEL,
        "--embedder=" + spin, ConvertRun.RMVPE);

    assertFailedWith(run, "tiny_v2_40k_f0.pth", "'contentvec'", spin, "'spin'");
  }

  @Test
  void givenIndexOfTheWrongWidth_failsNamingBothFilesAndWidths() throws IOException {
    String index = ConvertRun.g("bad/added_IVF2_Flat_nprobe_1_tiny_v2_d256.index");

    ConvertRun run = ConvertRun.of(Map.of(), ConvertRun.g("bad/corrupt_header_magic.wav"),
        out().toString(), ConvertRun.MODEL, "--index=" + index, ConvertRun.EMBEDDER,
        ConvertRun.RMVPE);

    assertFailedWith(run, index, "256", "768", "tiny_v2_40k_f0.pth");
  }

  @Test
  void givenMissingInput_failsNamingIt() throws IOException {
    String missing = dir.resolve("no-such-song.wav").toString();

    assertFailedWith(ConvertRun.golden(missing, out()), missing, "no such file");
  }

  @Test
  void givenMissingModel_failsNamingIt() throws IOException {
    String missing = dir.resolve("no-such-model.pth").toString();

    ConvertRun run = ConvertRun.of(Map.of(), ConvertRun.SONG, out().toString(),
        "--model=" + missing, ConvertRun.EMBEDDER, ConvertRun.RMVPE);

    assertFailedWith(run, missing, "no such file", "--model");
  }

  @Test
  void givenMissingIndex_failsNamingIt() throws IOException {
    String missing = dir.resolve("no-such.index").toString();

    ConvertRun run = ConvertRun.of(Map.of(), ConvertRun.SONG, out().toString(),
        ConvertRun.MODEL, "--index=" + missing, ConvertRun.EMBEDDER, ConvertRun.RMVPE);

    assertFailedWith(run, missing, "no such file", "--index");
  }

  @Test
  void givenNoEmbedderAndNoModelsDir_saysWhatItNeedsAndWhereToGetIt() throws IOException {
    ConvertRun run = ConvertRun.of(Map.of(), ConvertRun.SONG, out().toString(),
        ConvertRun.MODEL, ConvertRun.RMVPE);

    assertFailedWith(run, "no content encoder", "--embedder", "RVC_MODELS_DIR is not set",
        "contentvec", "hubert_base.pt", "lengyue233/content-vec-best");
  }

  @Test
  void givenNoPitchModelInModelsDir_saysWhatItNeedsAndWhereToGetIt() throws IOException {
    Path models = Files.createTempDirectory("rvc-models-");
    try {
      ConvertRun run = ConvertRun.of(Map.of(SharedModelFiles.ENV, models.toString()),
          ConvertRun.SONG, out().toString(), ConvertRun.MODEL, ConvertRun.EMBEDDER);

      assertFailedWith(run, "no RMVPE pitch model", "--pitchModel", "rmvpe.pt",
          models.toString(), "lj1995/VoiceConversionWebUI");
    } finally {
      Files.delete(models);
    }
  }

  @Test
  void givenUnknownOutputExtension_failsBeforeLoadingAnything() throws IOException {
    Path aiff = dir.resolve("out.aiff");

    ConvertRun run = ConvertRun.golden(ConvertRun.SONG, aiff);

    assertEquals(ConvertCommand.FAILED, run.code());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("out.aiff")
        && run.err().contains(".wav, .flac, .mp3, .ogg, .opus or .m4a"), run.err());
    assertFalse(Files.exists(aiff));
  }

  @Test
  void givenSettingOutOfRange_failsNamingIt() throws IOException {
    assertFailedWith(ConvertRun.golden(ConvertRun.SONG, out(), "--protect=0.9"), "protect");
  }

  @Test
  void givenVerbose_printsTheStackTraceToo() {
    ConvertRun run = ConvertRun.golden(ConvertRun.g("bad/zero_bytes.wav"), out(), "--verbose");

    assertEquals(ConvertCommand.FAILED, run.code());
    assertTrue(run.errLines().size() > 1, run.err());
    assertTrue(run.err().contains("AudioException"), run.err());
  }
}
