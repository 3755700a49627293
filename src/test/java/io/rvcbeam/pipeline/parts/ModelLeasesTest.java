package io.rvcbeam.pipeline.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.pipeline.job.WorkerEnvironment;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelLeasesTest {

  /** A model that knows whether it was closed. */
  static final class Model implements AutoCloseable {
    final String file;
    boolean closed;

    Model(String file) {
      this.file = file;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Fake models named {@code <name>.pth}, unique to one test; "bad" does not load. */
  static final class Models {
    final String run = UUID.randomUUID().toString();
    final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

    String file(String name) {
      return "/models/" + run + "/" + name + ".pth";
    }

    ModelKey key(String name) {
      if (name.equals("unknown")) {
        throw new IllegalArgumentException("unknown voice 'unknown'");
      }
      return new ModelKey("voice", List.of(file(name)), "cpu", "FLOAT32");
    }

    Model load(String name) throws Exception {
      loads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      if (name.equals("bad")) {
        throw new ModelLoadException(file(name) + " is not a voice model",
            new IOException("no data.pkl\nin the zip"));
      }
      return new Model(file(name));
    }

    int loadsOf(String name) {
      return loads.getOrDefault(name, new AtomicInteger()).get();
    }

    ModelLeases<String, Model> open() {
      return ModelLeases.open(WorkerEnvironment.DEFAULT, "cpu", this::key, this::load);
    }
  }

  @Test
  void aModelIsLoadedOncePerJvmAndKey_sharedByEveryDoFnInstance_closedWhenTheLastGivesItBack()
      throws Exception {
    Models models = new Models();
    int loadedBefore = ModelCache.loadedCount();
    ModelLeases<String, Model> first = models.open();
    ModelLeases<String, Model> second = models.open();

    Model a = first.get("a");
    assertSame(a, first.get("a"));
    assertSame(a, second.get("a"));
    Model b = second.get("b");

    assertEquals(1, models.loadsOf("a"));
    assertEquals(1, models.loadsOf("b"));
    assertEquals(models.file("a"), a.file);
    assertEquals(loadedBefore + 2, ModelCache.loadedCount());

    first.close();
    assertFalse(a.closed, "the second instance still uses it");
    second.close();
    assertTrue(a.closed);
    assertTrue(b.closed);
    assertEquals(loadedBefore, ModelCache.loadedCount());
  }

  @Test
  void askingTwiceTakesOneLease_soOneCloseGivesTheModelBack() throws Exception {
    Models models = new Models();
    ModelLeases<String, Model> leases = models.open();
    Model a = leases.get("a");
    leases.get("a");
    leases.get("a");

    leases.close();

    assertTrue(a.closed, "a second lease of the same name would keep the model open");
    try (ModelLeases<String, Model> later = models.open()) {
      assertFalse(later.get("a").closed);
      assertEquals(2, models.loadsOf("a"), "loaded again once every lease was given back");
    }
  }

  @Test
  void aLoadFailureIsRememberedPerName_andReportedAsOneLineNamingTheModel() throws Exception {
    Models models = new Models();
    ModelLeases<String, Model> leases = models.open();

    ModelLoadException first = assertThrows(ModelLoadException.class, () -> leases.get("bad"));
    assertTrue(first.getMessage().contains(models.file("bad")), first.getMessage());
    IllegalStateException later = assertThrows(IllegalStateException.class, () -> leases.get("bad"));
    IllegalStateException third = assertThrows(IllegalStateException.class, () -> leases.get("bad"));

    assertEquals(1, models.loadsOf("bad"), "the broken files are read once");
    assertEquals("ModelLoadException: " + models.file("bad") + " is not a voice model"
        + " (caused by IOException: no data.pkl in the zip)", later.getMessage());
    assertEquals(later.getMessage(), third.getMessage());
    assertFalse(leases.get("a").closed, "another name still loads");

    assertThrows(IllegalArgumentException.class, () -> leases.get("unknown"));
    IllegalStateException unknown =
        assertThrows(IllegalStateException.class, () -> leases.get("unknown"));
    assertEquals("IllegalArgumentException: unknown voice 'unknown'", unknown.getMessage());
    leases.close();
  }
}
