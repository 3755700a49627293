package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.job.WorkerEnvironment;
import io.rvcbeam.pipeline.values.DeadLetter;
import java.util.HashMap;
import java.util.Map;

/**
 * The models one DoFn instance uses, by name, each leased from {@link ModelCache} (so a worker JVM
 * loads each model once, whatever the number of DoFn instances and threads), the way scio's
 * {@code DoFnWithResource} owns a per-JVM resource for its DoFns. A DoFn opens it in
 * {@code @Setup}, asks it for a model while processing, and closes it in {@code @Teardown}.
 *
 * <p>A name is leased once: later calls get the same model. A name whose model would not load is
 * remembered, so every later call fails at once with the first failure's one-line description
 * rather than loading the same broken files again for each batch.
 *
 * <p>The stages compose it rather than extend a base DoFn: their DoFns keep their own element
 * types and lifecycle methods in view, and one leases its model eagerly in {@code @Setup} (a
 * pitch model that will not load fails the job) while the other leases each voice when its first
 * batch arrives (a voice that will not load fails its songs). Not thread-safe: Beam calls a DoFn
 * instance from one thread at a time.
 *
 * @param <K> what a model is asked for by (a voice name, a loader)
 * @param <M> the loaded model
 */
public final class ModelLeases<K, M extends AutoCloseable> implements AutoCloseable {

  /** What the model for a name is shared under in a JVM; throws when the name has no model. */
  @FunctionalInterface
  public interface KeyFn<K> {
    ModelKey key(K name) throws Exception;
  }

  /** Loads the model for a name; called at most once per key and JVM while it has users. */
  @FunctionalInterface
  public interface LoadFn<K, M> {
    M load(K name) throws Exception;
  }

  private final KeyFn<K> keys;
  private final LoadFn<K, M> loader;
  private final Map<K, ModelCache.Lease<M>> leases = new HashMap<>();
  private final Map<K, String> unusable = new HashMap<>();

  private ModelLeases(KeyFn<K> keys, LoadFn<K, M> loader) {
    this.keys = keys;
    this.loader = loader;
  }

  /**
   * Sets this worker JVM up for its models ({@code worker}, for {@code device}) and gives an empty
   * set of leases; call from {@code @Setup}.
   */
  public static <K, M extends AutoCloseable> ModelLeases<K, M> open(
      WorkerEnvironment worker, String device, KeyFn<K> keys, LoadFn<K, M> loader) {
    worker.apply(System.getenv(), device);
    return new ModelLeases<>(keys, loader);
  }

  /**
   * The model for {@code name}, leased on the first call.
   *
   * @throws Exception the first time: what the key or the load threw; afterwards an {@link
   *     IllegalStateException} whose message is that failure in one line
   */
  public M get(K name) throws Exception {
    ModelCache.Lease<M> lease = leases.get(name);
    if (lease != null) {
      return lease.get();
    }
    String reason = unusable.get(name);
    if (reason != null) {
      throw new IllegalStateException(reason);
    }
    try {
      lease = ModelCache.acquire(keys.key(name), () -> loader.load(name));
    } catch (Exception e) {
      unusable.put(name, DeadLetter.describe(e));
      throw e;
    }
    leases.put(name, lease);
    return lease.get();
  }

  /** Gives every lease back (the model closes when its last user in the JVM gives it back). */
  @Override
  public void close() throws Exception {
    for (ModelCache.Lease<M> lease : leases.values()) {
      lease.close();
    }
    leases.clear();
  }
}
