package io.rvcbeam.pipeline.parts;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded copy of each model per JVM, shared by every DoFn instance and thread, counted by
 * reference and closed when the last user releases it. DoFns lease through {@link ModelLeases},
 * opened in {@code @Setup} and closed in {@code @Teardown} (best effort: a JVM that dies frees
 * everything anyway).
 *
 * <p>Keys include the files, device and dtype, so a later pipeline in the same JVM (tests,
 * Flink local) never reuses a model loaded for another configuration.
 */
public final class ModelCache {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
  private static final Map<ModelKey, Entry> ENTRIES = new HashMap<>();

  private ModelCache() {}

  /** Loads a model; called at most once per key while it has users. */
  @FunctionalInterface
  public interface Loader<T extends AutoCloseable> {
    T load() throws Exception;
  }

  /** A counted use of a shared model; {@link #close} gives it back. */
  public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
    private final ModelKey key;
    private final T model;
    private boolean closed;

    private Lease(ModelKey key, T model) {
      this.key = key;
      this.model = model;
    }

    public T get() {
      if (closed) {
        throw new IllegalStateException("lease of " + key + " already released");
      }
      return model;
    }

    @Override
    public void close() throws Exception {
      if (!closed) {
        closed = true;
        release(key);
      }
    }
  }

  private static final class Entry {
    final AutoCloseable model;
    int users;

    Entry(AutoCloseable model) {
      this.model = model;
    }
  }

  /**
   * The shared model for {@code key}, loading it if no one holds it. Loading happens under the
   * cache's lock: loads are rare, and two threads must not load the same weights twice.
   */
  @SuppressWarnings("unchecked")
  public static synchronized <T extends AutoCloseable> Lease<T> acquire(
      ModelKey key, Loader<T> loader) throws Exception {
    Entry entry = ENTRIES.get(key);
    if (entry == null) {
      long start = System.nanoTime();
      LOG.info("loading {}", key);
      entry = new Entry(loader.load());
      LOG.info(String.format("loaded %s in %.1f s", key, (System.nanoTime() - start) / 1e9));
      ENTRIES.put(key, entry);
    }
    entry.users++;
    return new Lease<>(key, (T) entry.model);
  }

  private static synchronized void release(ModelKey key) throws Exception {
    Entry entry = ENTRIES.get(key);
    if (entry == null) {
      return;
    }
    entry.users--;
    if (entry.users <= 0) {
      ENTRIES.remove(key);
      entry.model.close();
    }
  }

  /** Number of models loaded now (for tests). */
  public static synchronized int loadedCount() {
    return ENTRIES.size();
  }
}
