package io.rvcbeam.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettingsResolverTest {

  private static ResolvedSettings resolve(
      Map<String, String> flags, Map<String, String> job, Map<String, String> env) {
    return new SettingsResolver(flags, job, env, "job.yaml").resolve(() -> 0);
  }

  @Test
  void envNames_followOneRule() {
    assertEquals("RVC_BATCH_SIZE", Setting.envName("batchSize"));
    assertEquals("RVC_USE_FP16", Setting.envName("useFp16"));
    assertEquals("RVC_GPU_RETRIEVAL", Setting.envName("gpuRetrieval"));
    assertEquals("RVC_GPU_FILTER", Setting.envName("gpuFilter"));
    assertEquals("RVC_PROFILING", Setting.envName("profiling"));
    assertEquals("RVC_OUTPUT_LOCATION", Settings.byName("outputLocation").envName());
  }

  @Test
  void givenEveryLayer_flagBeatsJobBeatsEnvBeatsPresetBeatsDefault() {
    Map<String, String> flags = Map.of("batchSize", "2");
    Map<String, String> job = Map.of("optimisation.batchSize", "3", "settings.pitch", "5");
    Map<String, String> env =
        Map.of("RVC_BATCH_SIZE", "4", "RVC_PITCH", "6", "RVC_PROFILING", "yes",
            "RVC_PRESET", "nvidia", "RVC_DEVICE", "cpu");

    ResolvedSettings s = resolve(flags, job, env);

    assertEquals("2", s.string("batchSize"));
    assertEquals(SettingSource.FLAG, s.get("batchSize").source());
    assertEquals("5", s.string("pitch"));
    assertEquals(SettingSource.JOB_FILE, s.get("pitch").source());
    assertEquals("true", s.string("profiling"));
    assertEquals(SettingSource.ENVIRONMENT, s.get("profiling").source());
    assertEquals("cpu", s.string("device"));
    assertEquals(SettingSource.ENVIRONMENT, s.get("device").source());
    // from the nvidia preset (named in the environment)
    assertEquals("true", s.string("gpuRetrieval"));
    assertEquals(SettingSource.PRESET, s.get("gpuRetrieval").source());
    assertEquals("0.33", s.string("protect"));
    assertEquals(SettingSource.DEFAULT, s.get("protect").source());
  }

  @Test
  void givenEachLayerAlone_itIsUsed() {
    assertEquals("7", resolve(Map.of("batchSize", "7"), Map.of(), Map.of()).string("batchSize"));
    assertEquals("7",
        resolve(Map.of(), Map.of("optimisation.batchSize", "7"), Map.of()).string("batchSize"));
    assertEquals("7", resolve(Map.of(), Map.of(), Map.of("RVC_BATCH_SIZE", "7"))
        .string("batchSize"));
    assertEquals("8", resolve(Map.of("preset", "nvidia"), Map.of(), Map.of())
        .string("batchSize"));
    assertEquals("1", resolve(Map.of(), Map.of(), Map.of()).string("batchSize"));
  }

  @Test
  void givenAutoPreset_asksForTheGpuCountOnlyThen() {
    AtomicInteger asked = new AtomicInteger();
    ResolvedSettings withGpu =
        new SettingsResolver(Map.of(), Map.of(), Map.of(), "job.yaml")
            .resolve(() -> asked.incrementAndGet());
    assertEquals("gpu", withGpu.string("device"));
    assertTrue(withGpu.get("device").origin().contains("auto -> nvidia"));

    new SettingsResolver(Map.of("preset", "cpu"), Map.of(), Map.of(), "job.yaml")
        .resolve(() -> asked.incrementAndGet());
    assertEquals(1, asked.get());
  }

  @Test
  void givenABadValue_theErrorNamesTheSettingAndSource() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> resolve(Map.of(), Map.of(), Map.of("RVC_BATCH_SIZE", "four")));
    assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    assertTrue(e.getMessage().contains("RVC_BATCH_SIZE"), e.getMessage());
  }

  @Test
  void givenAnUnknownFlag_fails() {
    assertThrows(IllegalArgumentException.class,
        () -> resolve(Map.of("batchsize", "2"), Map.of(), Map.of()));
  }
}
