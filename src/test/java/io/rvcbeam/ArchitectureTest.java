package io.rvcbeam;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of the design, on the compiled main classes: {@code audio, checkpoint ← nn ←
 * models ← convert ← pipeline ← components ← cli}, with {@code audio} open to {@code convert}
 * and up, and no cycle between packages. A new import against an arrow fails here, naming the
 * class and the dependency.
 */
class ArchitectureTest {

  private static final List<String> PACKAGES =
      List.of("audio", "checkpoint", "nn", "models", "convert", "pipeline", "components", "cli");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.rvcbeam");
  }

  @Test
  void audioAndCheckpoint_useNothingOfOurs() {
    usesOnly("audio");
    usesOnly("checkpoint");
  }

  @Test
  void nn_usesCheckpointOnly() {
    usesOnly("nn", "checkpoint");
  }

  @Test
  void models_useNnAndCheckpoint() {
    usesOnly("models", "nn", "checkpoint");
  }

  @Test
  void convert_usesModelsNnCheckpointAndAudio() {
    usesOnly("convert", "models", "nn", "checkpoint", "audio");
  }

  @Test
  void pipeline_usesConvertAndAudioOnly_andNoDjl() {
    usesOnly("pipeline", "convert", "audio");
    noClasses().that().resideInAPackage("io.rvcbeam.pipeline..")
        .should().dependOnClassesThat().resideInAPackage("ai.djl..")
        .because("Beam code holds no numerics: the networks are behind ConversionComponents")
        .check(classes);
  }

  @Test
  void pipelineRoles_doNotDependOnTheGraph() {
    noClasses().that().resideInAnyPackage("io.rvcbeam.pipeline.(*)..")
        .should().dependOnClassesThat().resideInAPackage("io.rvcbeam.pipeline")
        .because("job files, parts, values, coders, report and storage serve the graph and its"
            + " stages (package io.rvcbeam.pipeline), never the other way round")
        .check(classes);
  }

  @Test
  void components_useAnythingButCli() {
    usesOnly("components", "pipeline", "convert", "models", "nn", "checkpoint", "audio");
  }

  @Test
  void packages_formNoCycle() {
    slices().matching("io.rvcbeam.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void everyMainPackage_isOneOfTheKnownRooms() {
    Set<String> unknown = new LinkedHashSet<>();
    classes.forEach(c -> {
      String rest = c.getPackageName().replaceFirst("^io\\.rvcbeam\\.?", "");
      String top = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
      if (!PACKAGES.contains(top)) {
        unknown.add(c.getName());
      }
    });
    if (!unknown.isEmpty()) {
      throw new AssertionError("classes outside the known packages " + PACKAGES
          + " (add the package's arrows here): " + unknown);
    }
  }

  /** Classes of {@code pkg} depend on no package of ours but itself and {@code allowed}. */
  private static void usesOnly(String pkg, String... allowed) {
    List<String> forbidden = new ArrayList<>();
    for (String other : PACKAGES) {
      if (!other.equals(pkg) && !List.of(allowed).contains(other)) {
        forbidden.add("io.rvcbeam." + other + "..");
      }
    }
    noClasses().that().resideInAPackage("io.rvcbeam." + pkg + "..")
        .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
        .check(classes);
  }
}
