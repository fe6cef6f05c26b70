package io.leasehold.aggregator.core;

import io.leasehold.model.alloc.DemandSettings;
import io.leasehold.model.alloc.LedgerSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the {@link RegionLeaser}. {@link #defaults(String, String)} gives production values.
 *
 * @param region the region this aggregator serves
 * @param aggregatorId this replica's id (printable ASCII, no spaces)
 * @param leaseTtl TTL of the token chunks leased to edges that use the quota; an edge that used
 *     nothing since its previous report gets {@link #idleLeaseTtl(int)}
 * @param prefetchHorizon how much of an edge's demand it may hold: it is topped up to
 *     {@code demand × horizon} tokens at each sync (about two edge sync intervals)
 * @param edgeSyncInterval the sync interval hinted to edges ({@code next_sync_millis})
 * @param storeIdleTtl idle TTL of the regional buckets in the store; at least a full refill
 * @param hotRemainingPermille a per-key quota becomes hot when a take leaves less than this
 *     fraction (‰) of its regional burst, or could not be served in full
 * @param hotLinger how long a key stays hot after the last sign of heat, and the least time a lapsed
 *     hot-key grant is kept (its floor applies) before the key returns to its default share; the
 *     latter is never shorter than {@link #lapsedGrantLingerNanos(long)} derives from the grant's TTL
 * @param grantSafetyMargin subtracted from every grant's TTL (invariant 3)
 * @param coordinatorDeadline without a coordinator answer for this long, the leaser reports
 *     {@code degraded} (only when a coordinator is configured)
 * @param coordinated whether a coordinator is configured
 * @param emergencyPermille the fraction (‰) of a quota's region share (its grant, default share or
 *     floor) that this replica may grant from memory while the store is unavailable; set it to
 *     {@code 1000 / replicas} so that the region as a whole never exceeds its share (see the
 *     README's degraded-mode bound)
 * @param emergencyBurst the emergency bucket's burst, as a duration of its rate
 * @param maxQuotas bound on quotas tracked in memory (the longest unused are forgotten, a quota
 *     active within a lease TTL only when many are)
 * @param maxEdges bound on edges tracked in memory
 * @param maxHotKeys bound on hot keys reported to the coordinator per round
 * @param demand the demand estimator's settings
 * @param epochSeed the first lease epoch; the shell seeds it from wall time so that epochs keep
 *     increasing across restarts and replicas
 */
public record LeaserSettings(
    String region,
    String aggregatorId,
    Duration leaseTtl,
    Duration prefetchHorizon,
    Duration edgeSyncInterval,
    Duration storeIdleTtl,
    int hotRemainingPermille,
    Duration hotLinger,
    Duration grantSafetyMargin,
    Duration coordinatorDeadline,
    boolean coordinated,
    int emergencyPermille,
    Duration emergencyBurst,
    int maxQuotas,
    int maxEdges,
    int maxHotKeys,
    DemandSettings demand,
    long epochSeed) {

  public LeaserSettings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(aggregatorId, "aggregatorId");
    if (region.isBlank()) {
      throw new IllegalArgumentException("region: \"\": must not be blank");
    }
    positive("leaseTtl", leaseTtl);
    positive("prefetchHorizon", prefetchHorizon);
    positive("edgeSyncInterval", edgeSyncInterval);
    positive("storeIdleTtl", storeIdleTtl);
    positive("hotLinger", hotLinger);
    Objects.requireNonNull(grantSafetyMargin, "grantSafetyMargin");
    positive("coordinatorDeadline", coordinatorDeadline);
    positive("emergencyBurst", emergencyBurst);
    Objects.requireNonNull(demand, "demand");
    if (hotRemainingPermille < 0 || hotRemainingPermille > 1000) {
      throw new IllegalArgumentException("hotRemainingPermille: " + hotRemainingPermille + ": must be in [0, 1000]");
    }
    if (emergencyPermille < 0 || emergencyPermille > 1000) {
      throw new IllegalArgumentException("emergencyPermille: " + emergencyPermille + ": must be in [0, 1000]");
    }
    if (maxQuotas < 1 || maxEdges < 1 || maxHotKeys < 0) {
      throw new IllegalArgumentException("maxQuotas/maxEdges: must be >= 1, maxHotKeys >= 0");
    }
    if (epochSeed < 0) {
      throw new IllegalArgumentException("epochSeed: " + epochSeed + ": must be >= 0");
    }
  }

  /** Production defaults for one replica of {@code region}, with a coordinator. */
  public static LeaserSettings defaults(String region, String aggregatorId) {
    return new LeaserSettings(region, aggregatorId,
        Duration.ofSeconds(2), Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofMinutes(10),
        100, Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(3), true,
        1000, Duration.ofSeconds(1), 1_000_000, 100_000, 10_000, DemandSettings.DEFAULT, 0);
  }

  /** How many lease TTLs an idle edge's first idle lease lasts ({@link #idleLeaseTtl(int)}). */
  public static final int IDLE_LEASE_TTL_FACTOR = 8;
  /** Doublings of the idle lease for an edge idle report after report: at most 8 × 2^4 = 128 TTLs. */
  public static final int IDLE_LEASE_DOUBLINGS = 4;

  /**
   * TTL of a lease for an edge that used nothing since its previous report (its last lease typically
   * lapsed unused), {@code streak} reports in a row: {@value #IDLE_LEASE_TTL_FACTOR} × {@link
   * #leaseTtl()}, doubled for each further idle report up to {@value #IDLE_LEASE_DOUBLINGS} times.
   * Tokens an idle edge holds are real (taken from the regional bucket), so a longer lease costs no
   * accuracy, and it spares the store, the edge and this replica a lapse, a report and a new lease
   * for the quota every {@code leaseTtl} while it idles: an edge keeps a key it has seen for its
   * idle expiry (5 minutes by default), and at a fixed 8 TTLs that was 19 leases per key and edge
   * (scale-1h: store ops per decision 3.41 at 1 TTL, 1.10 at 8, over the first minute).
   */
  public Duration idleLeaseTtl(int streak) {
    long factor = idleLeaseTtlFactor(streak);
    return leaseTtl.getSeconds() < Long.MAX_VALUE / 1_000_000_000L / factor
        ? Duration.ofNanos(leaseTtl.toNanos() * factor)
        : leaseTtl.multipliedBy(factor);
  }

  /**
   * {@link #idleLeaseTtl(int)} in nanoseconds, saturated at {@link Long#MAX_VALUE}: asked for every
   * idle lease, so without a {@link Duration} (or Duration.multipliedBy's BigDecimal, 3 % of the
   * scale run) per call.
   */
  public long idleLeaseTtlNanos(int streak) {
    long factor = idleLeaseTtlFactor(streak);
    long ttl = leaseTtl.getSeconds() < Long.MAX_VALUE / 1_000_000_000L ? leaseTtl.toNanos() : Long.MAX_VALUE;
    return ttl > Long.MAX_VALUE / factor ? Long.MAX_VALUE : ttl * factor;
  }

  private static long idleLeaseTtlFactor(int streak) {
    int doublings = Math.max(0, Math.min(streak - 1, IDLE_LEASE_DOUBLINGS));
    return (long) IDLE_LEASE_TTL_FACTOR << doublings;
  }

  /** The longest lease an idle edge can hold. */
  public Duration maxIdleLeaseTtl() {
    return idleLeaseTtl(IDLE_LEASE_DOUBLINGS + 1);
  }

  public LeaserSettings withCoordinated(boolean value) {
    return new LeaserSettings(region, aggregatorId, leaseTtl, prefetchHorizon, edgeSyncInterval, storeIdleTtl,
        hotRemainingPermille, hotLinger, grantSafetyMargin, coordinatorDeadline, value, emergencyPermille,
        emergencyBurst, maxQuotas, maxEdges, maxHotKeys, demand, epochSeed);
  }

  public LeaserSettings withEmergencyPermille(int value) {
    return new LeaserSettings(region, aggregatorId, leaseTtl, prefetchHorizon, edgeSyncInterval, storeIdleTtl,
        hotRemainingPermille, hotLinger, grantSafetyMargin, coordinatorDeadline, coordinated, value,
        emergencyBurst, maxQuotas, maxEdges, maxHotKeys, demand, epochSeed);
  }

  public LeaserSettings withEpochSeed(long value) {
    return new LeaserSettings(region, aggregatorId, leaseTtl, prefetchHorizon, edgeSyncInterval, storeIdleTtl,
        hotRemainingPermille, hotLinger, grantSafetyMargin, coordinatorDeadline, coordinated, emergencyPermille,
        emergencyBurst, maxQuotas, maxEdges, maxHotKeys, demand, value);
  }

  public LeaserSettings withMaxQuotas(int value) {
    return new LeaserSettings(region, aggregatorId, leaseTtl, prefetchHorizon, edgeSyncInterval, storeIdleTtl,
        hotRemainingPermille, hotLinger, grantSafetyMargin, coordinatorDeadline, coordinated, emergencyPermille,
        emergencyBurst, value, maxEdges, maxHotKeys, demand, epochSeed);
  }

  public LeaserSettings withHotLinger(Duration value) {
    return new LeaserSettings(region, aggregatorId, leaseTtl, prefetchHorizon, edgeSyncInterval, storeIdleTtl,
        hotRemainingPermille, value, grantSafetyMargin, coordinatorDeadline, coordinated, emergencyPermille,
        emergencyBurst, maxQuotas, maxEdges, maxHotKeys, demand, epochSeed);
  }

  /**
   * How long after a hot-key grant with TTL {@code grantTtlNanos} lapsed the region keeps applying
   * its floor before it may forget the grant and return to the key's default share:
   * {@link #hotLinger()}, but at least the TTL plus twice the larger of this region's margin
   * (1 % + {@link #grantSafetyMargin()}) and the coordinator's ledger margin
   * ({@link LedgerSettings#of}). The coordinator counts a region as still on a key grant (and not
   * on its default share) for up to that long after the region's copy lapsed; returning earlier
   * would let the region's default share and the key grant it handed to others add up past the
   * limit (global-coordinator README, region contract). Derived from each grant's own TTL, so a
   * coordinator configured with a long {@code grant_ttl} cannot outrun a fixed linger.
   */
  public long lapsedGrantLingerNanos(long grantTtlNanos) {
    long ttl = Math.max(0, grantTtlNanos);
    long regionMargin = ttl / 100 + grantSafetyMargin.toNanos();
    long coordinatorMargin = ttl == 0 ? 0 : LedgerSettings.of(Duration.ofNanos(ttl)).safetyMarginNanos();
    long derived = ttl + 2 * Math.max(regionMargin, coordinatorMargin);
    return Math.max(hotLinger.toNanos(), derived);
  }

  public LeaserSettings withLeaseTiming(Duration newLeaseTtl, Duration newPrefetchHorizon, Duration newSyncInterval) {
    return new LeaserSettings(region, aggregatorId, newLeaseTtl, newPrefetchHorizon, newSyncInterval, storeIdleTtl,
        hotRemainingPermille, hotLinger, grantSafetyMargin, coordinatorDeadline, coordinated, emergencyPermille,
        emergencyBurst, maxQuotas, maxEdges, maxHotKeys, demand, epochSeed);
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + ": " + value + ": must be positive");
    }
  }
}
