package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rvcbeam.Golden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {

  @TempDir Path dir;

  /** Exit code, stdout and stderr of one in-process run. */
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] full = new String[args.length + 1];
    full[0] = "inspect";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = cli.execute(full);
    return new Run(code, out.toString(), err.toString());
  }

  private static String g(String relative) {
    return Golden.path(relative).toString();
  }

  @Test
  void givenEmbedderFolder_namesWhichEmbedderItIs_andAVoiceOfAnotherIsAMismatch() {
    Run alone = run(g("embedders/japanese_hubert_base"));
    Run pair = run(g("models/tiny_v2_40k_f0.pth"), g("embedders/spin-v2"));

    assertEquals(0, alone.code(), alone.err());
    assertTrue(alone.out().matches("(?s).*embedder\\s+japanese-hubert-base\\n.*"), alone.out());
    assertTrue(alone.out().matches("(?s).*final_proj width\\s+none\\n.*"), alone.out());
    assertTrue(pair.out().matches("(?s).*embedder\\s+contentvec\\n.*"), pair.out());
    assertTrue(pair.out().contains("MISMATCH: " + g("models/tiny_v2_40k_f0.pth")
        + " was trained with the 'contentvec' embedder but the embedder given ("
        + g("embedders/spin-v2") + ") is 'spin-v2'"), pair.out());
    assertEquals(InspectCommand.MISFIT, pair.code());
  }

  @Test
  void givenVoiceModelAndMatchingIndex_printsFactsAndFits() {
    Run r = run(g("models/tiny_v2_40k_f0.pth"), g("models/added_IVF5_Flat_nprobe_1_tiny_v2.index"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("tiny_v2_40k_f0.pth: RVC voice model"), r.out());
    assertTrue(r.out().matches("(?s).*version\\s+v2\\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*sample rate\\s+40000 Hz \\(hop 400\\).*"), r.out());
    assertTrue(r.out().matches("(?s).*content width\\s+768\\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*type\\s+IVF5,Flat \\(L2\\).*"), r.out());
    assertTrue(r.out().matches("(?s).*list sizes\\s+\\[66, 46, 24, 42, 20\\].*"), r.out());
    assertTrue(r.out().contains("fit: index "), r.out());
    assertTrue(
        r.out()
            .contains(
                "config                   [1025, 32, 16, 16, 32, 2, 2, 3, 0, '1', [3, 7, 11], [[1,"
                    + " 3, 5], [1, 3, 5], [1, 3, 5]], [10, 10, 2, 2], 32, [16, 16, 4, 4], 109, 16,"
                    + " 40000]"),
        r.out());
    assertTrue(r.err().isEmpty(), r.err());
  }

  @Test
  void givenModelsOfEachVocoder_namesTheVocoder() {
    Run r = run(g("models/tiny_v2_40k_f0.pth"), g("models/tiny_v2_48k_mrf.pth"),
        g("models/tiny_v2_40k_refinegan.pth"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*tiny_v2_40k_f0.pth.*vocoder\\s+HiFi-GAN\\n"
        + ".*tiny_v2_48k_mrf.pth.*vocoder\\s+MRF HiFi-GAN\\n"
        + ".*tiny_v2_40k_refinegan.pth.*vocoder\\s+RefineGAN\\n.*"), r.out());
  }

  @Test
  void givenV2ModelWithD256Index_saysTheyDoNotFitAndFails() {
    String model = g("models/tiny_v2_40k_f0.pth");
    String index = g("bad/added_IVF2_Flat_nprobe_1_tiny_v2_d256.index");
    Run r = run(model, index);
    assertEquals(InspectCommand.MISFIT, r.code());
    assertTrue(
        r.out()
            .contains(
                "index "
                    + index
                    + " has width 256 but model "
                    + model
                    + " expects 768: they do not fit"),
        r.out());
  }

  @Test
  void givenEveryKindOfGoldenFile_detectsEachKind() {
    Run r =
        run(
            g("models/tiny_v1_40k_f0.pth"),
            g("models/contentvec_tiny"),
            g("models/contentvec_tiny/pytorch_model.bin"),
            g("models/rmvpe_tiny.pt"),
            g("models/added_IVF5_Flat_nprobe_1_tiny_v1.index"),
            g("stages/rmvpe_f0.npy"));
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("tiny_v1_40k_f0.pth: RVC voice model"), r.out());
    assertTrue(r.out().contains("contentvec_tiny: content encoder"), r.out());
    assertTrue(r.out().contains("pytorch_model.bin: content encoder"), r.out());
    assertTrue(r.out().contains("rmvpe_tiny.pt: RMVPE pitch model"), r.out());
    assertTrue(r.out().contains("tiny_v1.index: FAISS retrieval index"), r.out());
    assertTrue(r.out().contains("rmvpe_f0.npy: NumPy array"), r.out());
    assertTrue(r.out().matches("(?s).*shape\\s+\\[301\\].*"), r.out());
    assertTrue(r.out().matches("(?s).*BiGRU\\s+384 -> 2x256.*"), r.out());
    // v1 model with a 256-wide index and a ContentVec (final_proj 256): everything fits.
    assertTrue(
        r.out().contains("fit: content encoder " + g("models/contentvec_tiny") + " (width 256)"),
        r.out());
  }

  @Test
  void givenJsonFlag_printsMachineReadableFacts() throws Exception {
    Run r =
        run(
            "--json",
            g("models/tiny_v2_32k_f0.pth"),
            g("bad/added_IVF2_Flat_nprobe_1_tiny_v2_d256.index"));
    assertEquals(InspectCommand.MISFIT, r.code());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    JsonNode model = doc.get("files").get(0);
    assertEquals("voice-model", model.get("kind").asText());
    assertEquals(32000, model.get("facts").get("sampleRate").asInt());
    assertEquals("v2", model.get("facts").get("version").asText());
    assertEquals(768, model.get("facts").get("contentWidth").asInt());
    assertEquals(18, model.get("facts").get("config").size());
    assertTrue(model.get("facts").get("weightNormKeys").asText().contains("parametrizations"));
    JsonNode index = doc.get("files").get(1);
    assertEquals("index", index.get("kind").asText());
    assertEquals(256, index.get("facts").get("d").asInt());
    assertEquals(2, index.get("facts").get("nlist").asInt());
    assertEquals(1, doc.get("mismatches").size());
    assertEquals(0, doc.get("errors").size());
  }

  @Test
  void givenUnreadableFiles_printsOneLinePerFileAndExits1() throws Exception {
    Path empty = Files.write(dir.resolve("empty.pth"), new byte[0]);
    String evil = g("bad/malicious_global_os_system.pth");
    String cut = g("bad/truncated_tiny_v2_40k_f0.pth");
    Run r =
        run(
            empty.toString(),
            evil,
            cut,
            dir.resolve("missing.index").toString(),
            g("models/tiny_v2_40k_f0.pth"));
    assertEquals(InspectCommand.UNREADABLE, r.code());
    String[] lines = r.err().strip().split("\\R");
    assertEquals(4, lines.length, r.err());
    assertTrue(lines[0].startsWith("error: " + empty + ": empty file"), lines[0]);
    assertTrue(
        lines[1].startsWith(
            "error: " + evil + ": refusing to load: the pickle calls " + "os.system"),
        lines[1]);
    assertTrue(lines[2].contains(cut + ": truncated or corrupt zip"), lines[2]);
    assertTrue(lines[3].contains("missing.index: no such file"), lines[3]);
    assertTrue(r.out().contains("tiny_v2_40k_f0.pth: RVC voice model"), r.out());
  }
}
