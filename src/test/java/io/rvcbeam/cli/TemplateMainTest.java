package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Flex Template's entry point: {@code --jobFile} plus settings, handed to {@code run}. */
class TemplateMainTest {

  @Test
  void givenNoJobFile_exitsWithUsage() throws Exception {
    assertEquals(2, TemplateMain.run(new String[] {"--batchSize=2"}));
  }

  @Test
  void givenAJobFileAndSettings_runsTheJob() throws Exception {
    // --explain stops after resolving: the job file was found and every argument was accepted.
    assertEquals(0, TemplateMain.run(new String[] {
        "--jobFile=pipelines/sample-catalogue.yaml", "--preset=cpu", "--batchSize=2",
        "--explain"}));
  }
}
