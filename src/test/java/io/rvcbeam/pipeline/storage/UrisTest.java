package io.rvcbeam.pipeline.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UrisTest {

  @Test
  void givenTwoTransientFailures_theThirdTryIsReturned() throws Exception {
    AtomicInteger tries = new AtomicInteger();

    String value = Uris.retrying("gs://b/x", () -> {
      if (tries.incrementAndGet() < 3) {
        throw new IOException("503 Service Unavailable");
      }
      return "bytes";
    }, 4, 1);

    assertEquals("bytes", value);
    assertEquals(3, tries.get());
  }

  @Test
  void givenAMissingFile_failsAtOnce() {
    AtomicInteger tries = new AtomicInteger();

    assertThrows(FileNotFoundException.class, () -> Uris.retrying("gs://b/x", () -> {
      tries.incrementAndGet();
      throw new FileNotFoundException("gs://b/x");
    }, 4, 1));

    assertEquals(1, tries.get());
  }

  @Test
  void givenAnErrorOnEveryTry_throwsTheLastAfterAllTries() {
    AtomicInteger tries = new AtomicInteger();
    IOException last = new IOException("still down");

    IOException thrown = assertThrows(IOException.class, () -> Uris.retrying("gs://b/x", () -> {
      throw tries.incrementAndGet() < 4 ? new IOException("down") : last;
    }, 4, 1));

    assertSame(last, thrown);
    assertEquals(4, tries.get());
  }
}
