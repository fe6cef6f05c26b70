package io.leasehold.coordinator.core;

/**
 * Cumulative counters of a {@link CentralPool} (for metrics), plus current sizes.
 *
 * @param syncs region reports handled
 * @param grants grants issued
 * @param grantsHeldBack grants issued below their target because capacity was still outstanding
 * @param rebalances quota rebalances (one per quota per region report)
 * @param acksAccepted acknowledgements that released capacity
 * @param acksIgnored acknowledgements ignored (stale, unknown, or not provably of this leader)
 * @param refusedNotLeader reports refused because this coordinator is not the leader
 * @param refusedDeposed reports refused because they carried a newer leader's fencing token
 * @param heldSeeded grants of a previous leader seeded from region reports
 * @param hotKeysCreated hot keys that started being managed
 * @param hotKeysExpired hot keys that stopped being managed
 * @param quotas quotas managed now
 * @param hotKeys hot keys managed now
 */
public record PoolStats(
    long syncs,
    long grants,
    long grantsHeldBack,
    long rebalances,
    long acksAccepted,
    long acksIgnored,
    long refusedNotLeader,
    long refusedDeposed,
    long heldSeeded,
    long hotKeysCreated,
    long hotKeysExpired,
    int quotas,
    int hotKeys) {}
