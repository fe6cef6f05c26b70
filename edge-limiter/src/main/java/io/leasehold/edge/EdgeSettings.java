package io.leasehold.edge;

import io.leasehold.model.alloc.DemandSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an edge core behaves; validated on construction (each error names the field, the value and
 * the reason). Build with {@link #builder(String)}.
 *
 * @param edgeId this edge's id in sync requests: printable ASCII without spaces, 1–128 chars
 * @param region the region the edge believes it is in, if known
 * @param standalone enforce every rule locally at its full limits, with no aggregator
 * @param syncInterval period of {@code POST /v1/sync}
 * @param leaseSafetyMargin subtracted from every lease TTL (DESIGN.md invariant 3)
 * @param prefetchIntervals a quota asks for more once its tokens fall below its demand over this
 *     many sync intervals (the low-water mark)
 * @param maxKeys most (rule, key) entries held; the least recently used beyond it are evicted and
 *     their usage and unused tokens reported at the next sync
 * @param idleExpiry an entry untouched this long is evicted likewise
 * @param unavailableRetryAfter the retry hint when waiting cannot be computed (fail-closed
 *     fallback, no floor)
 * @param minEarlySyncGap shortest gap between two syncs when a quota asks early (low-water)
 * @param demand smoothing of the per-quota demand estimate sent as {@code wanted}
 */
public record EdgeSettings(
    String edgeId,
    Optional<String> region,
    boolean standalone,
    Duration syncInterval,
    Duration leaseSafetyMargin,
    int prefetchIntervals,
    long maxKeys,
    Duration idleExpiry,
    Duration unavailableRetryAfter,
    Duration minEarlySyncGap,
    DemandSettings demand) {

  public EdgeSettings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(demand, "demand");
    if (edgeId == null || edgeId.isEmpty() || edgeId.length() > 128 || !edgeId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("edge_id: " + edgeId + ": must be 1-128 printable ASCII characters without spaces");
    }
    region.ifPresent(r -> {
      if (r.isEmpty() || r.length() > 128 || !r.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("region: " + r + ": must be 1-128 printable ASCII characters without spaces");
      }
    });
    requireBetween("sync_interval", syncInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
    requireBetween("lease_safety_margin", leaseSafetyMargin, Duration.ZERO, Duration.ofMinutes(1));
    requireBetween("idle_expiry", idleExpiry, Duration.ofSeconds(1), Duration.ofDays(1));
    requireBetween("unavailable_retry_after", unavailableRetryAfter, Duration.ofMillis(1), Duration.ofHours(1));
    requireBetween("min_early_sync_gap", minEarlySyncGap, Duration.ZERO, syncInterval);
    if (prefetchIntervals < 1 || prefetchIntervals > 100) {
      throw new IllegalArgumentException("prefetch_intervals: " + prefetchIntervals + ": must be in [1, 100]");
    }
    if (maxKeys < 1 || maxKeys > 1_000_000_000L) {
      throw new IllegalArgumentException("max_keys: " + maxKeys + ": must be in [1, 1000000000]");
    }
  }

  private static void requireBetween(String field, Duration value, Duration min, Duration max) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": (missing): required");
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(field + ": " + value.toMillis() + "ms: must be between "
          + min.toMillis() + "ms and " + max.toMillis() + "ms");
    }
  }

  public static Builder builder(String edgeId) {
    return new Builder(edgeId);
  }

  /** Defaults: 200 ms sync, 100 ms lease margin, 2-interval prefetch, 1M keys, 5 min idle expiry. */
  public static final class Builder {
    private final String edgeId;
    private Optional<String> region = Optional.empty();
    private boolean standalone;
    private Duration syncInterval = Duration.ofMillis(200);
    private Duration leaseSafetyMargin = Duration.ofMillis(100);
    private int prefetchIntervals = 2;
    private long maxKeys = 1_000_000;
    private Duration idleExpiry = Duration.ofMinutes(5);
    private Duration unavailableRetryAfter = Duration.ofSeconds(1);
    private Duration minEarlySyncGap = Duration.ofMillis(20);
    private DemandSettings demand = DemandSettings.DEFAULT;

    private Builder(String edgeId) {
      this.edgeId = edgeId;
    }

    public Builder region(String region) {
      this.region = Optional.ofNullable(region);
      return this;
    }

    public Builder standalone(boolean standalone) {
      this.standalone = standalone;
      return this;
    }

    public Builder syncInterval(Duration syncInterval) {
      this.syncInterval = syncInterval;
      return this;
    }

    public Builder leaseSafetyMargin(Duration leaseSafetyMargin) {
      this.leaseSafetyMargin = leaseSafetyMargin;
      return this;
    }

    public Builder prefetchIntervals(int prefetchIntervals) {
      this.prefetchIntervals = prefetchIntervals;
      return this;
    }

    public Builder maxKeys(long maxKeys) {
      this.maxKeys = maxKeys;
      return this;
    }

    public Builder idleExpiry(Duration idleExpiry) {
      this.idleExpiry = idleExpiry;
      return this;
    }

    public Builder unavailableRetryAfter(Duration unavailableRetryAfter) {
      this.unavailableRetryAfter = unavailableRetryAfter;
      return this;
    }

    public Builder minEarlySyncGap(Duration minEarlySyncGap) {
      this.minEarlySyncGap = minEarlySyncGap;
      return this;
    }

    public Builder demand(DemandSettings demand) {
      this.demand = demand;
      return this;
    }

    public EdgeSettings build() {
      return new EdgeSettings(edgeId, region, standalone, syncInterval, leaseSafetyMargin, prefetchIntervals,
          maxKeys, idleExpiry, unavailableRetryAfter, minEarlySyncGap, demand);
    }
  }
}
