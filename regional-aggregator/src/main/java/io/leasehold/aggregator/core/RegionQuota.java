package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.DemandState;
import io.leasehold.model.time.DueQueue;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** The leaser's in-memory view of one quota in this region (the regional bucket itself is in the store). */
final class RegionQuota extends DueQueue.Entry {
  final QuotaId id;
  final String storeKey;
  final Map<String, EdgeShare> edges = new HashMap<>();
  long sumDemandMilli;

  /** Usage the store has not recorded yet because calls were not attempted (outage). */
  long pendingConsumed;
  /** Store tokens edges gave back while the store was not called; credited at the next call. */
  long pendingGiveBack;
  /**
   * Tokens edges admitted without a lease (starter allowances, floors, fail-open), not yet taken
   * from the regional bucket. Repaid out of later takes before edges are topped up, so that those
   * admissions count against the region's share instead of adding to it (protocol.md: starter
   * tokens are debited at the next sync). Capped at the quota's burst.
   */
  long debt;

  /**
   * No edge of this quota can have gone idle before this time (the oldest report's time plus the
   * idle span, at the last check), so the leaser's tick skips the edges until then;
   * {@link Long#MIN_VALUE}: check at the next tick.
   */
  long edgesIdleCheckAt = Long.MIN_VALUE;

  /**
   * Store tokens this replica's edges hold for the quota: leased and neither consumed nor returned
   * (the sum of their {@link EdgeShare#storeHeld}, kept as they change: a sync must not walk every
   * edge of a quota that thousands of edges use).
   */
  long storeHeldTotal;

  /** {@link #storeHeldTotal} counted again from the edges, to check it. */
  long storeHeldRecount() {
    long held = 0;
    for (EdgeShare edge : edges.values()) {
      held += edge.storeHeld;
    }
    return held;
  }

  long lastRemaining = -1;
  long hotUntilNanos = Long.MIN_VALUE;
  long lastActiveNanos;

  /** Usage since the region report numbered {@link #periodReport} (counted for hot-key reports). */
  long periodConsumed;
  long periodDenied;
  long periodReport;
  /** In the leaser's list of quotas that are or were lately hot. */
  boolean hotListed;
  DemandState regionDemand = DemandState.INITIAL;

  /**
   * The edges' fair shares ({@link EdgeShare#fairMilli}), a pure function of their demands and the
   * capacity, are in place; false when they must be made again.
   */
  boolean allocated;
  /** {@link #edges} in the order of their ids (the order fair shares break ties in); null when edges came or went. */
  private EdgeShare[] byId;
  /** Some edge's demand changed since the shares were made (edges joining or leaving clear {@link #allocated} instead). */
  boolean demandsChanged;
  long allocationAtNanos;
  long allocationRateMilli = -1;

  EmergencyBucket emergency;
  long emergencyGrantedTotal;

  RegionQuota(QuotaId id) {
    this.id = id;
    this.storeKey = id.asString();
  }

  EdgeShare edge(String edgeId) {
    EdgeShare share = edges.get(edgeId);
    if (share == null) {
      share = new EdgeShare(edgeId, this);
      edges.put(edgeId, share);
      edgesChanged();
    }
    return share;
  }

  void setDemand(EdgeShare share, long demandMilli) {
    if (demandMilli != share.demandMilli) {
      sumDemandMilli += demandMilli - share.demandMilli;
      share.demandMilli = demandMilli;
      demandsChanged = true;
    }
  }

  void removeEdge(String edgeId) {
    EdgeShare gone = edges.remove(edgeId);
    if (gone != null) {
      sumDemandMilli -= gone.demandMilli;
      storeHeldTotal -= gone.storeHeld;
      edgesChanged();
    }
  }

  /** An edge joined or left: the shares and the edges' order must be made again. */
  void edgesChanged() {
    allocated = false;
    byId = null;
  }

  EdgeShare[] edgesById() {
    if (byId == null) {
      byId = edges.values().toArray(new EdgeShare[0]);
      Arrays.sort(byId, Comparator.comparing(e -> e.edgeId));
    }
    return byId;
  }

  boolean hot(long nowNanos) {
    return hotUntilNanos != Long.MIN_VALUE && nowNanos < hotUntilNanos;
  }
}
