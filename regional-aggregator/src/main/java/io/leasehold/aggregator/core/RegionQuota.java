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
  private static final EdgeShare[] NO_EDGES = {};
  private static final long[] NO_AMOUNTS = {};
  private static final Comparator<EdgeShare> BY_ID = Comparator.comparing(e -> e.edgeId);

  final QuotaId id;
  /** {@link QuotaId#asString()}, made at the first store op: most quotas of a large key space never need one. */
  private String storeKey;
  /** The rule aggregate this quota counts towards ({@link QuotaId#aggregate}), made at first use. */
  private QuotaId aggregateId;
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
   * The edges' fair shares ({@link #fairMilli}), a pure function of their demands and the
   * capacity, are in place; false when they must be made again.
   */
  boolean allocated;
  /**
   * {@link #edges} in the order of their ids (the order fair shares break ties in), kept as edges
   * come and go (made again from the map on each change, it was 4 % of the scale run); each
   * edge's {@link EdgeShare#position} is its place here.
   */
  private EdgeShare[] byId = NO_EDGES;
  /**
   * The edges' demands ({@link EdgeShare#demandMilli}) and fair shares in the same order: the
   * allocation reads and writes these instead of every edge's object, a cache miss each on a
   * quota many edges share.
   */
  private long[] demandById = NO_AMOUNTS;
  private long[] fairById = NO_AMOUNTS;
  /** Some edge's demand changed since the shares were made (edges joining or leaving clear {@link #allocated} instead). */
  boolean demandsChanged;
  long allocationAtNanos;
  long allocationRateMilli = -1;

  EmergencyBucket emergency;
  long emergencyGrantedTotal;

  RegionQuota(QuotaId id) {
    this.id = id;
  }

  String storeKey() {
    if (storeKey == null) {
      storeKey = id.asString();
    }
    return storeKey;
  }

  QuotaId aggregateId() {
    if (aggregateId == null) {
      aggregateId = id.isAggregate() ? id : QuotaId.aggregate(id.ruleId(), id.limitIndex());
    }
    return aggregateId;
  }

  EdgeShare edge(String edgeId) {
    EdgeShare share = edges.get(edgeId);
    if (share == null) {
      share = new EdgeShare(edgeId, this);
      edges.put(edgeId, share);
      int at = -Arrays.binarySearch(byId, share, BY_ID) - 1;
      int n = byId.length;
      EdgeShare[] grown = new EdgeShare[n + 1];
      System.arraycopy(byId, 0, grown, 0, at);
      grown[at] = share;
      System.arraycopy(byId, at, grown, at + 1, n - at);
      byId = grown;
      demandById = inserted(demandById, at, share.demandMilli);
      fairById = inserted(fairById, at, 0);
      renumberFrom(at);
      allocated = false;
    }
    return share;
  }

  void setDemand(EdgeShare share, long demandMilli) {
    if (demandMilli != share.demandMilli) {
      sumDemandMilli += demandMilli - share.demandMilli;
      share.demandMilli = demandMilli;
      demandById[share.position] = demandMilli;
      demandsChanged = true;
    }
  }

  void removeEdge(String edgeId) {
    EdgeShare gone = edges.get(edgeId);
    if (gone != null) {
      edges.remove(edgeId);
      forget(gone);
    }
  }

  /**
   * Takes {@code gone}, already out of {@link #edges} (a caller iterating the map removes it
   * there), out of the sums and the order; the shares must be made again.
   */
  void forget(EdgeShare gone) {
    sumDemandMilli -= gone.demandMilli;
    storeHeldTotal -= gone.storeHeld;
    int at = gone.position;
    int n = byId.length;
    EdgeShare[] shrunk = new EdgeShare[n - 1];
    System.arraycopy(byId, 0, shrunk, 0, at);
    System.arraycopy(byId, at + 1, shrunk, at, n - at - 1);
    byId = shrunk;
    demandById = removed(demandById, at);
    fairById = removed(fairById, at);
    renumberFrom(at);
    allocated = false;
  }

  /** The edges' demands in the order of their ids (not to be changed: {@link #setDemand}). */
  long[] demandsById() {
    return demandById;
  }

  /** Takes {@code fairMilli}, one per edge in the order of their ids, as the edges' fair shares. */
  void setFairShares(long[] fairMilli) {
    if (fairMilli.length != byId.length) {
      throw new IllegalArgumentException("fair shares: " + fairMilli.length + " for " + byId.length + " edges");
    }
    fairById = fairMilli;
  }

  /** The edge's max-min share of the quota's rate, milli-tokens/s, as of the last allocation. */
  long fairMilli(EdgeShare share) {
    return fairById[share.position];
  }

  private void renumberFrom(int at) {
    for (int i = at; i < byId.length; i++) {
      byId[i].position = i;
    }
  }

  private static long[] inserted(long[] values, int at, long value) {
    long[] grown = new long[values.length + 1];
    System.arraycopy(values, 0, grown, 0, at);
    grown[at] = value;
    System.arraycopy(values, at, grown, at + 1, values.length - at);
    return grown;
  }

  private static long[] removed(long[] values, int at) {
    long[] shrunk = new long[values.length - 1];
    System.arraycopy(values, 0, shrunk, 0, at);
    System.arraycopy(values, at + 1, shrunk, at, values.length - at - 1);
    return shrunk;
  }

  boolean hot(long nowNanos) {
    return hotUntilNanos != Long.MIN_VALUE && nowNanos < hotUntilNanos;
  }
}
