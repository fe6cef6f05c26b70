package io.leasehold.coordinator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.GrantLedger;
import io.leasehold.model.alloc.LedgerSettings;
import io.leasehold.model.alloc.RateBurst;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One coordinator-managed quota: its ledger and what each region reported for it. */
final class QuotaPool {
  final QuotaId id;
  final GrantLedger ledger;
  /**
   * Wire epochs are {@code epochBase + ledger epoch}. A pool created for a quota id that existed
   * before (a hot key that cooled and came back, a rule deleted and re-added) starts above every
   * epoch this coordinator sent, so a region never ignores its grants as stale.
   */
  final long epochBase;
  final TreeMap<String, RegionDemand> regions = new TreeMap<>();
  /** Regions that acknowledged a grant of this pool. */
  final Set<String> acknowledged = new HashSet<>();
  /**
   * Hot keys: regions known to apply a grant for this key (they acknowledged one of ours, or
   * reported holding one, from any leader), so not their default share, until when. Once that
   * grant has lapsed a region may return to its default share, so it no longer counts as on the
   * key's grant.
   */
  final Map<String, Long> onKeyGrantUntil = new HashMap<>();
  /** Hot keys: regions whose default share was seeded into the ledger as what they hold. */
  final Set<String> shareSeeded = new HashSet<>();
  /** The configured limit; a hot key's ledger capacity is this minus default shares still in use. */
  RateBurst limit;
  QuotaKind kind;
  long lastActivityNanos;
  /** No grant of this pool (or seeded from a previous leader) can be in use after this. */
  long liveUntilNanos;
  boolean retired;
  /** When this leader made the pool: its cold start (see CentralPool#coldStart) is measured from here. */
  final long createdNanos;

  QuotaPool(QuotaId id, QuotaKind kind, RateBurst capacity, LedgerSettings settings, long epochBase, long nowNanos) {
    this.id = id;
    this.kind = kind;
    this.limit = capacity;
    this.ledger = new GrantLedger(capacity, settings);
    this.epochBase = epochBase;
    this.lastActivityNanos = nowNanos;
    this.liveUntilNanos = nowNanos;
    this.createdNanos = nowNanos;
  }

  RegionDemand region(String region) {
    return regions.computeIfAbsent(region, r -> new RegionDemand());
  }

  long toWireEpoch(long ledgerEpoch) {
    return epochBase + ledgerEpoch;
  }

  /** The ledger epoch of a wire epoch, or ≤ 0 when it was not issued by this pool. */
  long toLedgerEpoch(long wireEpoch) {
    return wireEpoch - epochBase;
  }

  boolean onKeyGrant(String region, long nowNanos) {
    Long until = onKeyGrantUntil.get(region);
    return until != null && nowNanos < until;
  }

  void markOnKeyGrant(String region, long untilNanos) {
    onKeyGrantUntil.merge(region, untilNanos, Math::max);
    shareSeeded.remove(region);
  }

  void extendLive(long untilNanos) {
    liveUntilNanos = Math.max(liveUntilNanos, untilNanos);
  }
}
