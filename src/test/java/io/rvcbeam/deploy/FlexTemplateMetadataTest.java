package io.rvcbeam.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rvcbeam.cli.TemplateMain;
import io.rvcbeam.pipeline.job.Setting;
import io.rvcbeam.pipeline.job.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Flex Template's parameters are the pipeline's options: the template's job file plus every
 * setting of {@link Settings} (each is a flag of {@code run}), with the setting's type and
 * default. A setting added without documenting it in metadata.json fails here. (The template's
 * other inputs are Dataflow's own launch options, which Dataflow documents itself.)
 *
 * <p>Defaults are stated in the help text, not as {@code defaultValue}: a parameter with a value
 * would reach {@code run} as a flag and outrank the job file and the preset.
 */
class FlexTemplateMetadataTest {

  private static final Path METADATA = Path.of("deploy", "dataflow", "metadata.json");

  private static Map<String, JsonNode> parameters() throws Exception {
    JsonNode root = new ObjectMapper().readTree(METADATA.toFile());
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode parameter : root.path("parameters")) {
      JsonNode previous = byName.put(parameter.path("name").asText(), parameter);
      assertEquals(null, previous, "parameter listed twice: " + parameter.path("name"));
    }
    return byName;
  }

  @Test
  void theTemplateHasExactlyTheJobFileAndEverySetting() throws Exception {
    TreeSet<String> expected = new TreeSet<>();
    expected.add(TemplateMain.JOB_FILE);
    Settings.all().forEach(s -> expected.add(s.name()));
    TreeSet<String> documented = new TreeSet<>(parameters().keySet());

    TreeSet<String> undocumented = new TreeSet<>(expected);
    undocumented.removeAll(documented);
    TreeSet<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(expected);
    assertTrue(undocumented.isEmpty() && unknown.isEmpty(),
        METADATA + ": settings missing from the template: " + undocumented
            + "; template parameters that are no setting: " + unknown);
  }

  @Test
  void eachSettingHasItsTypeAndDefault() throws Exception {
    Map<String, JsonNode> parameters = parameters();
    List<String> wrong = new ArrayList<>();
    for (Setting setting : Settings.all()) {
      JsonNode p = parameters.get(setting.name());
      if (p == null) {
        continue; // reported by the test above
      }
      String type = p.path("paramType").asText();
      String expectedType = switch (setting.type()) {
        case INT, LONG, DOUBLE -> "NUMBER";
        case BOOLEAN -> "BOOLEAN";
        case CHOICE -> "ENUM";
        case STRING -> setting.name().equals("outputLocation") ? "GCS_WRITE_FOLDER" : "TEXT";
      };
      if (!type.equals(expectedType)) {
        wrong.add(setting.name() + ": paramType " + type + ", expected " + expectedType);
      }
      List<String> options = new ArrayList<>();
      p.path("enumOptions").forEach(o -> options.add(o.path("value").asText()));
      if (!options.equals(setting.choices())) {
        wrong.add(setting.name() + ": enumOptions " + options + ", expected " + setting.choices());
      }
      String def = "Default: " + (setting.defaultValue() == null ? "none" : setting.defaultValue())
          + ".";
      if (!p.path("helpText").asText().endsWith(def)) {
        wrong.add(setting.name() + ": helpText must end with '" + def + "'");
      }
      if (!p.path("isOptional").asBoolean(false)) {
        wrong.add(setting.name() + ": a setting is optional (the job file may give it)");
      }
      if (p.has("defaultValue")) {
        wrong.add(setting.name() + ": no defaultValue (it would outrank the job file)");
      }
    }
    assertTrue(wrong.isEmpty(), METADATA + ":\n" + String.join("\n", wrong));
  }

  @Test
  void theJobFileIsARequiredGcsFile() throws Exception {
    JsonNode jobFile = parameters().get(TemplateMain.JOB_FILE);
    assertEquals("GCS_READ_FILE", jobFile.path("paramType").asText());
    assertFalse(jobFile.path("isOptional").asBoolean(true));
  }
}
