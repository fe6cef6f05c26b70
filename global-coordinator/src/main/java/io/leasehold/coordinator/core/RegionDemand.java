package io.leasehold.coordinator.core;

import io.leasehold.model.alloc.DemandEstimator;
import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.message.DemandReport;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the pool knows about one region's use of one quota: demand, last report, last grant.
 *
 * <p>A region may run several aggregator replicas. They share the region's bucket, so the region
 * is one child of the quota's ledger, but each replica reports only its own edges' usage over its
 * own interval: demand is estimated per replica and summed over the replicas that reported
 * lately. Each replica also applies whichever of our grants it last received, so the region has
 * moved past a grant only once every replica has ({@link #regionAck}).
 */
final class RegionDemand {
  static final long NEVER = Long.MIN_VALUE;
  private static final int RECENT_GRANTS = 16;

  private final TreeMap<String, ReplicaDemand> replicas = new TreeMap<>();
  private long lastReportNanos = NEVER;
  private int reports;
  private long lastGrantedRate;
  long lastTargetRate;
  boolean lastHeldBack;
  long lastWireEpoch;
  RateBurst lastGrant;
  /** Recent grants' wire epochs and parent-side expiries, newest last (bounded). */
  private final ArrayDeque<long[]> recentGrants = new ArrayDeque<>();

  /**
   * Feeds one report of replica {@code aggregatorId}. A repeated request (same aggregator
   * sequence number) refreshes liveness but is not counted as usage again.
   *
   * @param replicaStaleNanos a replica that last reported this long before the region's latest
   *     report no longer counts towards the demand
   */
  void observe(String aggregatorId, DemandReport report, boolean fresh, long nowNanos, long firstIntervalNanos,
      DemandEstimator estimator, long replicaStaleNanos) {
    lastReportNanos = Math.max(lastReportNanos, nowNanos);
    if (fresh && reports < Integer.MAX_VALUE) {
      reports++;
    }
    prune(nowNanos, replicaStaleNanos);
    long othersUsed = 0;
    for (Map.Entry<String, ReplicaDemand> e : replicas.entrySet()) {
      if (!e.getKey().equals(aggregatorId) && counts(e.getValue(), replicaStaleNanos)) {
        othersUsed = Math.min(RateBurst.MAX_AMOUNT, othersUsed + e.getValue().usedRate());
      }
    }
    replica(aggregatorId).observe(report, fresh, nowNanos, firstIntervalNanos, estimator, lastGrantedRate, othersUsed);
  }

  private ReplicaDemand replica(String aggregatorId) {
    return replicas.computeIfAbsent(aggregatorId, id -> new ReplicaDemand());
  }

  /** Forgets replicas that stopped reporting and whose grants have all expired. */
  private void prune(long nowNanos, long replicaStaleNanos) {
    for (Iterator<ReplicaDemand> it = replicas.values().iterator(); it.hasNext(); ) {
      ReplicaDemand replica = it.next();
      if (!counts(replica, replicaStaleNanos) && !replica.mayHoldGrant(nowNanos)) {
        it.remove();
      }
    }
  }

  /**
   * Whether a replica's demand still counts: it reported within {@code replicaStaleNanos} of the
   * region's latest report. A replica that stopped while the others go on (crashed, or removed)
   * ages out; a region whose replicas all fell silent keeps its last demand, and leaves the fair
   * share by region liveness like a single aggregator.
   */
  private boolean counts(ReplicaDemand replica, long replicaStaleNanos) {
    return replica.lastReportNanos() != NEVER && lastReportNanos - replica.lastReportNanos() <= replicaStaleNanos;
  }

  void granted(String aggregatorId, RateBurst amount, long wireEpoch, long targetRate, boolean heldBack,
      long liveUntilNanos) {
    recentGrants.addLast(new long[] {wireEpoch, liveUntilNanos});
    if (recentGrants.size() > RECENT_GRANTS) {
      recentGrants.removeFirst();
    }
    replica(aggregatorId).granted(wireEpoch, liveUntilNanos);
    lastGrant = amount;
    lastGrantedRate = amount.rate();
    lastWireEpoch = wireEpoch;
    lastTargetRate = targetRate;
    lastHeldBack = heldBack;
  }

  /**
   * Whether {@code aggregatorId} is the only replica of the region that may still apply one of our
   * grants: then its own acknowledgement is the region's ({@link #regionAck}).
   */
  boolean soleGrantHolder(String aggregatorId, long nowNanos) {
    for (Map.Entry<String, ReplicaDemand> e : replicas.entrySet()) {
      if (!e.getKey().equals(aggregatorId) && e.getValue().mayHoldGrant(nowNanos)) {
        return false;
      }
    }
    return true;
  }

  /** Records that replica {@code aggregatorId} applies our grant of {@code wireEpoch}. */
  void acknowledged(String aggregatorId, long wireEpoch) {
    replica(aggregatorId).acknowledged(wireEpoch);
  }

  /**
   * The newest wire epoch that every replica of the region has moved to or past, which the
   * ledger may take as the region's acknowledgement; 0 when some replica holds nothing we know.
   * A replica that applies an older, larger grant keeps it in use in the shared bucket, so one
   * replica's acknowledgement alone must not release it.
   */
  long regionAck(long nowNanos, long replicaStaleNanos) {
    prune(nowNanos, replicaStaleNanos);
    long oldest = Long.MAX_VALUE;
    for (ReplicaDemand replica : replicas.values()) {
      oldest = Math.min(oldest, replica.oldestInUse(nowNanos));
    }
    return oldest == Long.MAX_VALUE ? 0 : oldest;
  }

  /** Until when the grant of {@code wireEpoch} may be in use; {@link #NEVER} when it is not a recent one. */
  long liveUntil(long wireEpoch) {
    for (long[] grant : recentGrants) {
      if (grant[0] == wireEpoch) {
        return grant[1];
      }
    }
    return NEVER;
  }

  /**
   * Demand fed to the allocator, summed over the replicas that still count (see {@link #counts}): per replica our own estimate from consumed + denied (with its
   * growth allowance), or the replica's own estimate when that is higher — edges that pace
   * themselves show their wants only to the region.
   */
  long demandRate(long nowNanos, long replicaStaleNanos) {
    long sum = 0;
    for (ReplicaDemand replica : replicas.values()) {
      if (counts(replica, replicaStaleNanos)) {
        sum = Math.min(RateBurst.MAX_AMOUNT, sum + replica.demandRate());
      }
    }
    return sum;
  }

  /** The smoothed observed rate (consumed + denied), summed like {@link #demandRate}. */
  long smoothedRate(long nowNanos, long replicaStaleNanos) {
    long sum = 0;
    for (ReplicaDemand replica : replicas.values()) {
      if (counts(replica, replicaStaleNanos)) {
        sum = Math.min(RateBurst.MAX_AMOUNT, sum + replica.smoothedRate());
      }
    }
    return sum;
  }

  /** Fresh reports received for this quota (saturating). */
  int reports() {
    return reports;
  }

  long lastReportNanos() {
    return lastReportNanos;
  }

  /** Whether the region ever reported this quota (not only received an initial allowance). */
  boolean reported() {
    return lastReportNanos != NEVER;
  }

  boolean liveAt(long nowNanos, long livenessNanos) {
    return lastReportNanos != NEVER && nowNanos - lastReportNanos <= livenessNanos;
  }
}
