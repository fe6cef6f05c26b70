package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.DemandState;
import io.leasehold.model.time.DueQueue;
import java.util.Arrays;

/** The leaser's in-memory view of one quota in this region (the regional bucket itself is in the store). */
final class RegionQuota extends DueQueue.Entry {
  private static final EdgeShare[] NO_EDGES = {};
  private static final long[] NO_AMOUNTS = {};

  final QuotaId id;
  /** {@link QuotaId#asString()}, made at the first store op: most quotas of a large key space never need one. */
  private String storeKey;
  /** The rule aggregate this quota counts towards ({@link QuotaId#aggregate}), made at first use. */
  private QuotaId aggregateId;
  long sumDemandMilli;

  /** Usage the store has not recorded yet because calls were not attempted (outage). */
  long pendingConsumed;
  /** Store tokens edges gave back while the store was not called; credited at the next call. */
  long pendingGiveBack;
  /**
   * Store tokens edges gave back with nothing else for the store (at most what the bucket refills
   * in one edge sync interval): held back for the quota's next store op instead of a call of their
   * own, and dropped with the quota if none comes ({@link RegionLeaser#plan}).
   */
  long heldBackGiveBack;
  /**
   * Tokens edges admitted without a lease (starter allowances, floors, fail-open), not yet taken
   * from the regional bucket. Repaid out of later takes before edges are topped up, so that those
   * admissions count against the region's share instead of adding to it (protocol.md: starter
   * tokens are debited at the next sync). Capped at the quota's burst.
   */
  long debt;
  /** When an edge last reported a refusal: a {@code thin_share: hold} quota holds while that is recent. */
  long lastDeniedNanos = Long.MIN_VALUE;

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
    for (EdgeShare edge : byId) {
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
  /** Removed from its leaser's quotas; lists that still hold it skip it (a report of its id makes a new one). */
  boolean forgotten;
  DemandState regionDemand = DemandState.INITIAL;

  /**
   * The edges' fair shares ({@link #fairMilli}), a pure function of their demands and the
   * capacity, are in place; false when they must be made again.
   */
  boolean allocated;
  /**
   * The quota's edges in the order of their ids (the order fair shares break ties in), kept as
   * edges come and go; each edge's {@link EdgeShare#position} is its place here. Edges are found
   * by binary search: a hash map per quota beside it cost a table and a node per edge (~35 MB of
   * the scale run's heap) and a cache miss more per report.
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

  /** How many edges hold or asked for a share of this quota. */
  int edgeCount() {
    return byId.length;
  }

  /** The edges in the order of their ids; a snapshot: joining or leaving edges replace the array. */
  EdgeShare[] edgesById() {
    return byId;
  }

  /** The edge's share of this quota, made when the edge first reports it. */
  EdgeShare edge(String edgeId) {
    int found = find(edgeId);
    if (found >= 0) {
      return byId[found];
    }
    EdgeShare share = new EdgeShare(edgeId, this);
    int at = -found - 1;
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
    int at = find(edgeId);
    if (at >= 0) {
      forget(byId[at]);
    }
  }

  /** {@link Arrays#binarySearch}'s answer for the edge named {@code edgeId} in {@link #byId}. */
  private int find(String edgeId) {
    int lo = 0;
    int hi = byId.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      String id = byId[mid].edgeId;
      int c = id == edgeId ? 0 : id.compareTo(edgeId); // an edge's requests carry the same id object
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** Takes {@code gone} out of the quota's edges, sums and order; the shares must be made again. */
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

  /**
   * The edges' fair shares in the order of their ids, the quota's own array: a new allocation may be
   * written into it ({@link io.leasehold.model.alloc.FairShare#maxMinRates(long, long[], long[])}).
   */
  long[] fairSharesById() {
    return fairById;
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
