package io.leasehold.aggregator.core;

import io.leasehold.model.alloc.DemandState;

/** One edge's standing for one quota: what it holds, its demand and its current fair share. */
final class EdgeShare {
  final String edgeId;
  private final RegionQuota quota;
  /** Tokens taken from the store for this edge and neither consumed nor returned yet ({@link #changeStoreHeld}). */
  long storeHeld;
  /** Tokens granted from the emergency share and neither consumed nor returned yet. */
  long emergencyHeld;
  DemandState demand = DemandState.INITIAL;
  long demandMilli;
  long wantedMicro;
  long shareMicro;
  /** Its place in its quota's edges by id ({@link RegionQuota#fairMilli}); kept by the quota. */
  int position;
  long lastReportNanos = Long.MIN_VALUE;
  long leaseExpiresAtNanos = Long.MIN_VALUE;
  /**
   * Of the last report's consumption, what no token of ours backed: admissions of an edge that held no
   * lease for the quota (its starter allowance, first or after a lapsed lease). The
   * quota owes it to the regional bucket.
   */
  long unbacked;
  /** Its last reports showed no use and no refusal, this many in a row: it gets an idle lease TTL. */
  int idleStreak;

  EdgeShare(String edgeId, RegionQuota quota) {
    this.edgeId = edgeId;
    this.quota = quota;
  }

  /** Changes what the edge holds of store tokens, and its quota's total with it. */
  void changeStoreHeld(long delta) {
    storeHeld += delta;
    quota.storeHeldTotal += delta;
  }

  long held() {
    return storeHeld + emergencyHeld;
  }

  /**
   * Applies what the edge reports and answers the tokens to credit back to the store. Consumption
   * is attributed to store tokens first and returns to emergency tokens first, so the store is
   * never credited with more than it handed out and nobody used; emergency tokens returned are
   * dropped (they were never debited from the store, so crediting them would count them twice).
   *
   * <p>An edge that holds no lease ({@code ackEpoch == 0}: it never had one for this quota, or its lease lapsed)
   * consumed none of our tokens: everything it admitted is {@link #unbacked}. An edge that holds
   * one may have consumed tokens another replica of this region leased it, which this replica
   * cannot see; that consumption is not a debt (counting it as one charged the regional bucket
   * twice, AggregatorRedisIT), and whatever it consumed beyond our holdings is simply forgotten.
   */
  long applyUsage(long consumed, long returned, long ackEpoch) {
    if (ackEpoch == 0) {
      unbacked = consumed;
    } else {
      unbacked = 0;
      long fromStore = Math.min(consumed, storeHeld);
      changeStoreHeld(-fromStore);
      emergencyHeld -= Math.min(consumed - fromStore, emergencyHeld);
    }
    long toEmergency = Math.min(returned, emergencyHeld);
    emergencyHeld -= toEmergency;
    long credit = Math.min(returned - toEmergency, storeHeld);
    changeStoreHeld(-credit);
    return credit;
  }

  /** After its last lease expired (plus a grace for the report), the edge no longer holds anything. */
  void forgetExpiredHoldings(long nowNanos, long graceNanos) {
    if (leaseExpiresAtNanos != Long.MIN_VALUE && nowNanos - graceNanos > leaseExpiresAtNanos) {
      changeStoreHeld(-storeHeld);
      emergencyHeld = 0;
    }
  }
}
