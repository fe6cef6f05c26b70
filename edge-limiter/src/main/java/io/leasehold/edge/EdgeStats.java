package io.leasehold.edge;

/**
 * Gauges of an edge core, for {@code /metrics} and {@code /readyz}.
 *
 * @param keys (rule, key) entries held
 * @param leasedQuotas quotas holding a live lease
 * @param fallbackQuotas quotas following their rule's {@code on_unavailable}
 * @param evictions entries evicted since start (size or idle bound)
 * @param configRevision revision of the rules enforced
 * @param parentAvailable whether the last sync succeeded
 * @param thinShareHolds requests held for a thin share's next lease since start ({@code thin_share: hold})
 */
public record EdgeStats(
    long keys, long leasedQuotas, long fallbackQuotas, long evictions, long configRevision, boolean parentAvailable,
    long thinShareHolds) {}
