package io.leasehold.coordinator;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The rule set, stored durably (etcd) and mirrored in memory.
 *
 * <p>Reads ({@link #current()}) never block and never fail: they return the last known good
 * snapshot, also while the backing store is unreachable. Writes are compare-and-swap transactions
 * that the store validates first, with the injected {@link ConfigValidator}, on the complete rule set
 * they would produce; a refused write changes nothing.
 */
public interface ConfigStore extends AutoCloseable {

  /** Expected revision meaning "the rule must not exist yet" (create). */
  long MUST_NOT_EXIST = -1;

  /** Expected revision meaning "whatever is stored" (unconditional write; still validated). */
  long ANY_REVISION = -2;

  /**
   * Loads the rule set and starts following changes. The stage completes with the first snapshot;
   * while the backing store is unreachable it stays pending (the store keeps retrying).
   */
  CompletionStage<ConfigSnapshot> start();

  /** The last known good rule set; {@link ConfigSnapshot#empty()} before the first load. */
  ConfigSnapshot current();

  /** Whether the store currently follows changes live; {@code false} while it serves a possibly stale snapshot. */
  boolean connected();

  /**
   * Calls {@code listener} with every new snapshot, on the executor the store was built with.
   *
   * @return removes the listener
   */
  Runnable addListener(Consumer<ConfigSnapshot> listener);

  /**
   * Creates or replaces one rule.
   *
   * @param expectedModRevision the rule's mod revision as last read, {@link #MUST_NOT_EXIST} or {@link #ANY_REVISION}
   */
  CompletionStage<ConfigWriteResult> put(String id, String ruleJson, long expectedModRevision);

  /**
   * Deletes one rule.
   *
   * @param expectedModRevision the rule's mod revision as last read, or {@link #ANY_REVISION}
   */
  CompletionStage<ConfigWriteResult> delete(String id, long expectedModRevision);

  /**
   * Replaces the whole rule set in one transaction: rules absent from {@code rulesById} are deleted.
   *
   * @param expectedRevision the config revision the caller based its change on ({@link ConfigSnapshot#revision()});
   *                         the write is stale if any config write happened after it. Or {@link #ANY_REVISION}.
   */
  CompletionStage<ConfigWriteResult> replaceAll(Map<String, String> rulesById, long expectedRevision);

  /** Stops following changes; does not close a client it was given. */
  @Override
  void close();
}
