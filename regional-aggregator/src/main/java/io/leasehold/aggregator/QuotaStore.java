package io.leasehold.aggregator;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The region's per-quota token buckets and usage counters: the single source of truth that lets
 * several aggregator replicas in one region stay stateless and interchangeable.
 *
 * <p>Each quota key owns one <b>regional token bucket</b>, created full ({@code burst} tokens) on
 * first use and refilled continuously at {@code rate} from its last update. One
 * {@link #takeAndReturn} call applies many {@link StoreOp}s; each op atomically
 * <ol>
 *   <li>refills the bucket for the time elapsed since its last update (capped at burst),</li>
 *   <li>credits the tokens that edges gave back (capped at burst),</li>
 *   <li>takes up to {@code take} whole tokens (never more than the bucket holds),</li>
 *   <li>adds the consumed count to the quota's usage counter, and</li>
 *   <li>re-arms the key's idle TTL, so a quota nobody touches disappears.</li>
 * </ol>
 * Ops in one call are applied in list order; two ops on the same key see each other's effect.
 * Arithmetic is fixed point: the bucket holds milli-tokens (see {@link StoreOp} for the bounds).
 *
 * <p><b>Failure semantics.</b> A failed future means the outcome is <i>unknown</i>: some ops may
 * have been applied (a take whose grant was lost only wastes regional tokens, which is safe; a
 * return that is retried could be credited twice, bounded by burst, so callers should drop
 * returns rather than retry them). Failures are {@link QuotaStoreException}s;
 * {@link StoreUnavailableException} when the store could not be reached or is shedding load.
 */
public interface QuotaStore {

  /**
   * Applies {@code ops} in order and answers one result per op, in the same order. An empty list
   * answers an empty list without any I/O.
   */
  Future<List<StoreResult>> takeAndReturn(List<StoreOp> ops);

  /** The stored state of one quota for debugging, without refilling or touching its TTL. */
  Future<Optional<BucketSnapshot>> peek(String quotaKey);

  /** The circuit state: {@link CircuitState#CLOSED} while calls are expected to succeed. */
  CircuitState circuitState();

  /**
   * Whether calls are currently let through (closed, or half-open and probing). The shell reports
   * {@code degraded} while this is false and falls back to its bounded emergency share.
   */
  default boolean isAvailable() {
    return circuitState() != CircuitState.OPEN;
  }

  /** Releases connections; later calls fail. */
  Future<Void> close();
}
