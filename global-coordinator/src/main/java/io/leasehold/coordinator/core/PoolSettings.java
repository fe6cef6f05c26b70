package io.leasehold.coordinator.core;

import io.leasehold.model.alloc.AllocationPolicy;
import io.leasehold.model.alloc.DemandSettings;
import io.leasehold.model.alloc.LedgerSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of a {@link CentralPool}.
 *
 * @param coordinatorId this coordinator's id, sent in every response
 * @param grantTtl validity of region grants (measured by the region from when it sent its request)
 * @param syncInterval how often regions should sync (sent as a hint; also the interval assumed for
 *     a region's first report)
 * @param hotKeyIdle a hot key with no traffic reported by any region for this long stops being
 *     managed (once its grants have expired too)
 * @param regionLiveness a region that has not reported a quota for this long takes no part in its
 *     fair share (what it still holds stays counted)
 * @param requestDeadline the longest a region waits for a sync response; after a failover, a
 *     report received {@code 2 × requestDeadline} after election cannot be followed by an
 *     old-leader grant
 * @param expectedRegions every region that may sync; after a failover, once each of them has
 *     reported, the new leader stops reserving capacity for unknown old-leader grants. Empty:
 *     the reservation lasts one grant TTL
 * @param maxHotKeys most hot keys managed at once (memory bound; further hot keys keep their
 *     default share)
 * @param demand demand estimation parameters
 */
public record PoolSettings(
    String coordinatorId,
    Duration grantTtl,
    Duration syncInterval,
    Duration hotKeyIdle,
    Duration regionLiveness,
    Duration requestDeadline,
    Set<String> expectedRegions,
    int maxHotKeys,
    DemandSettings demand) {

  public PoolSettings {
    Objects.requireNonNull(coordinatorId, "coordinatorId");
    Objects.requireNonNull(demand, "demand");
    requirePositive("grantTtl", grantTtl);
    requirePositive("syncInterval", syncInterval);
    requirePositive("hotKeyIdle", hotKeyIdle);
    requirePositive("regionLiveness", regionLiveness);
    requirePositive("requestDeadline", requestDeadline);
    expectedRegions = Set.copyOf(new TreeSet<>(expectedRegions));
    if (grantTtl.toMillis() < 1 || grantTtl.toMillis() > 86_400_000L) {
      throw new IllegalArgumentException("grantTtl: " + grantTtl + ": must be between 1 ms and 24 h");
    }
    if (maxHotKeys < 0 || maxHotKeys > 100_000) {
      throw new IllegalArgumentException("maxHotKeys: " + maxHotKeys + ": must be in 0..100000");
    }
  }

  /**
   * TTL 10 s, sync every 1 s, hot keys idle after 30 s, liveness 5 s, request deadline 2 s, 10 000
   * hot keys. The grant TTL outlasts a leader election (etcd lease TTL, 5 s by default) plus a
   * round of region reports: with 3 s, every region's grant ran out while the standby waited for
   * the dead leader's etcd lease, and the whole limit fell to the floors for about 5 s
   * (coordinator-failover). A region that acknowledges gives capacity back at once whatever the
   * TTL; only a silent (partitioned or crashed) region's share waits for it.
   */
  public static PoolSettings defaults(String coordinatorId) {
    return new PoolSettings(coordinatorId, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30),
        Duration.ofSeconds(5), Duration.ofSeconds(2), Set.of(), 10_000, DemandSettings.REGION);
  }

  public PoolSettings withExpectedRegions(Set<String> regions) {
    return new PoolSettings(coordinatorId, grantTtl, syncInterval, hotKeyIdle, regionLiveness, requestDeadline,
        regions, maxHotKeys, demand);
  }

  public PoolSettings withGrantTtl(Duration ttl) {
    return new PoolSettings(coordinatorId, ttl, syncInterval, hotKeyIdle, regionLiveness, requestDeadline,
        expectedRegions, maxHotKeys, demand);
  }

  public PoolSettings withHotKeyIdle(Duration idle) {
    return new PoolSettings(coordinatorId, grantTtl, syncInterval, idle, regionLiveness, requestDeadline,
        expectedRegions, maxHotKeys, demand);
  }

  public PoolSettings withMaxHotKeys(int max) {
    return new PoolSettings(coordinatorId, grantTtl, syncInterval, hotKeyIdle, regionLiveness, requestDeadline,
        expectedRegions, max, demand);
  }

  /**
   * Ledger settings: the grant TTL with the default margin, and no headroom policy of its own —
   * the pool computes every region's target over all live regions and hands the ledger only the
   * region being answered, so headroom is already in the target.
   */
  LedgerSettings ledgerSettings() {
    return LedgerSettings.of(grantTtl).withPolicy(AllocationPolicy.DEMAND_ONLY);
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + ": " + value + ": must be a positive duration");
    }
  }
}
