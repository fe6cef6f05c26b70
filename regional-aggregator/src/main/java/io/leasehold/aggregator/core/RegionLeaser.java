package io.leasehold.aggregator.core;

import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.DemandEstimator;
import io.leasehold.model.alloc.DemandSettings;
import io.leasehold.model.alloc.DemandState;
import io.leasehold.model.alloc.FairShare;
import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.alloc.UsageSample;
import io.leasehold.model.message.DemandReport;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.GrantAck;
import io.leasehold.model.message.HeldGrant;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.MicroTokens;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.time.Clock;
import io.leasehold.model.time.DueQueue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The aggregator's core (DESIGN.md §3–§4, shared-model/docs/protocol.md): turns edge syncs into
 * takes and returns on the region's token buckets, and coordinator answers into the rate and burst
 * of those buckets. Sans-I/O: time comes from the injected {@link Clock}, the store round trip is
 * the only I/O and the shell does it between {@link #plan} and {@link #complete}.
 *
 * <p>Per quota the <b>regional bucket</b> (in the store, shared by all replicas of the region)
 * refills at the region's capacity: the whole limit for {@code scope: region}; for
 * {@code scope: global} the coordinator's grant (rule aggregates, hot keys), the rule's default
 * per-key share (keys that are not hot), or the floor once a grant lapsed (and, for {@code traffic}
 * shares, while the rule aggregate's grant that carries the share is missing or expired). Each edge is topped up
 * to {@code demand × prefetchHorizon} tokens; when the edges' demand exceeds the region's rate,
 * each edge's demand is first capped at its max-min fair share of it ({@link FairShare}), so one
 * edge cannot starve the others.
 *
 * <p>Not thread-safe: the shell confines it to one event loop. Memory is bounded by
 * {@link LeaserSettings#maxQuotas()} and {@link LeaserSettings#maxEdges()} (the longest unused
 * state is forgotten, which only loses accounting in the safe direction: unknown holdings are
 * never credited back).
 */
public final class RegionLeaser {
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** Recently active quotas moved to the back before one is forgotten regardless ({@link #forgetLongestUnused}). */
  private static final int EVICTION_SECOND_CHANCES = 8;
  private static final long MAX_COUNTER = 1_000_000_000_000L;
  private static final int MAX_GRANTS = 100_000;
  /** A {@code thin_share: hold} quota counts as contended this many edge sync intervals after a refusal. */
  private static final long CONTENTION_SYNC_INTERVALS = 4;
  private static final Comparator<QuotaId> BY_ID =
      Comparator.comparing(QuotaId::ruleId).thenComparingInt(QuotaId::limitIndex).thenComparing(QuotaId::key);

  private final LeaserSettings settings;
  private final Clock clock;
  /** Per edge share ({@link LeaserSettings#demand}). */
  private final DemandEstimator estimator;
  /** For the region's demand reported to the coordinator: unbiased on the aliased report rates. */
  private final DemandEstimator regionEstimator = new DemandEstimator(DemandSettings.REGION);
  private final LinkedHashMap<QuotaId, RegionQuota> quotas;
  private final LinkedHashMap<String, EdgeSession> sessions;
  private final Map<QuotaId, HeldRegionGrant> grants = new HashMap<>();
  private final Map<QuotaId, RuleTraffic> ruleTraffic = new HashMap<>();
  private final LinkedHashMap<QuotaId, Long> hotElsewhereUntil;
  private final long startedAtNanos;
  private final StarterCaps starterCaps;

  private QuotaPolicies policies = QuotaPolicies.NONE;
  /** Quotas by when the tick must look at them next (an edge may have gone idle, or the quota). */
  private final DueQueue<RegionQuota> housekeeping = new DueQueue<>();
  /** Quotas that are or lately were hot, in the order they became hot. */
  private final List<RegionQuota> hotQuotas = new ArrayList<>();
  /** Region reports made so far: a quota's period counters are of the report after theirs. */
  private long regionReports;
  /** The policies the last {@link #tick} checked every quota against. */
  private QuotaPolicies tickedPolicies = QuotaPolicies.NONE;
  private long configRevision;
  private Optional<String> config = Optional.empty();
  private long fencingTokenSeen;
  private long nextEpoch;
  private long regionSeq;
  private long lastCoordinatorAnswerNanos = Long.MIN_VALUE;
  private long lastRegionReportNanos = Long.MIN_VALUE;
  private boolean storeDegraded;
  private int hotKeyCount;

  private long leasesGranted;
  private long leasesRenewedInPlace;
  private long tokensGranted;
  private long tokensReturned;
  private long debtRepaid;
  private long emergencyTokensGranted;
  private long droppedReturnTokens;
  private long replays;
  private long unknownQuotaReports;
  private long staleLeaderAnswers;
  private long grantsApplied;
  private long grantsIgnored;

  public RegionLeaser(LeaserSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.estimator = new DemandEstimator(settings.demand());
    this.nextEpoch = Math.max(1, settings.epochSeed());
    this.startedAtNanos = clock.nanos();
    this.starterCaps = new StarterCaps(settings.edgeSyncInterval().toNanos(), startedAtNanos);
    this.quotas = new LinkedHashMap<>(); // insertion order; bounded in quota(QuotaId)
    this.sessions = boundedLru(settings.maxEdges());
    this.hotElsewhereUntil = boundedLru(Math.max(1, settings.maxHotKeys()));
  }

  private static <K, V> LinkedHashMap<K, V> boundedLru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  public LeaserSettings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- rules

  /**
   * Puts validated rules in force. {@code payload} is the rules document relayed to edges whose
   * revision differs; quotas whose rule disappeared are dropped at the next {@link #tick}.
   */
  public void updateRules(QuotaPolicies newPolicies, long revision, Optional<String> payload) {
    this.policies = Objects.requireNonNull(newPolicies, "policies");
    this.configRevision = revision;
    this.config = Objects.requireNonNull(payload, "payload");
  }

  public long configRevision() {
    return configRevision;
  }

  // ---------------------------------------------------------------- edge sync

  /**
   * First half of an edge sync: applies the edge's usage, returns and demand, and plans one store
   * op per quota it leases (take to top the edge up, give back what it returned, record usage).
   */
  public SyncPlan plan(EdgeSyncRequest request) {
    long now = clock.nanos();
    EdgeSession session = sessions.computeIfAbsent(request.edgeId(), id -> new EdgeSession());
    if (session.isReplay(request.seq())) {
      replays++;
      return new SyncPlan(request, List.of(), List.of(), true);
    }
    session.lastSeq = Math.max(session.lastSeq, request.seq());
    if (session.lastSeq - request.seq() >= EdgeSession.REORDER_WINDOW) {
      session.lastSeq = request.seq(); // a restarted edge starts its sequence again
    }
    // The time this request's usage covers; a new session's first report covers one interval.
    long covered = session.synced
        ? Math.max(1, now - session.lastSeenNanos) : settings.edgeSyncInterval().toNanos();
    session.lastSeenNanos = now;
    session.synced = true;
    List<PlannedLease> items = new ArrayList<>(request.reports().size());
    List<StoreOp> ops = new ArrayList<>(request.reports().size());
    long graceNanos = 2 * settings.edgeSyncInterval().toNanos();
    List<QuotaReport> reports = request.reports();
    for (int r = 0, n = reports.size(); r < n; r++) { // indexed: an iterator per request was 3 % of the scale run's allocation
      QuotaReport report = reports.get(r);
      Optional<QuotaPolicy> found = policies.find(report.quota());
      if (found.isEmpty()) {
        unknownQuotaReports++;
        continue;
      }
      QuotaPolicy policy = found.get();
      RegionQuota quota = quota(report.quota());
      quota.lastActiveNanos = now;
      EdgeShare edge = quota.edge(request.edgeId());
      edge.forgetExpiredHoldings(now, graceNanos);
      long credit = edge.applyUsage(report.consumed(), report.returned(), report.ackEpoch());
      boolean idle = report.consumed() == 0 && report.denied() == 0;
      edge.idleStreak = idle ? Math.min(edge.idleStreak + 1, LeaserSettings.IDLE_LEASE_DOUBLINGS + 1) : 0;
      if (quota.periodReport != regionReports) { // the counters are of a period already reported
        quota.periodReport = regionReports;
        quota.periodConsumed = 0;
        quota.periodDenied = 0;
      }
      quota.periodConsumed = saturatedCounter(quota.periodConsumed + report.consumed());
      quota.periodDenied = saturatedCounter(quota.periodDenied + report.denied());
      if (policy.coordinated()) {
        RuleTraffic traffic = ruleTraffic.get(quota.aggregateId());
        if (traffic == null) {
          traffic = new RuleTraffic(now);
          ruleTraffic.put(quota.aggregateId(), traffic);
        }
        traffic.add(request.edgeId(), report.consumed(), report.denied(), covered, now);
        Long elsewhere = hotElsewhereUntil.get(quota.id);
        if (elsewhere != null && now < elsewhere && policy.perKey()) {
          quota.hotUntilNanos = Math.max(quota.hotUntilNanos, now + settings.hotLinger().toNanos());
          listHot(quota);
        }
      }
      updateDemand(quota, edge, report, now);
      RegionCapacity capacity = capacity(quota.id, policy, now);
      long target = targetTokens(quota, edge, capacity, now);
      if (report.denied() != 0) {
        quota.lastDeniedNanos = now;
      }
      if (policy.holdsThinShares() && holdsFor(quota, edge, capacity, now)) {
        target = report.held(); // only a held request gets a thin share's token (Thin shares held)
      }
      quota.debt = Math.min(Math.min(capacity.burst(), StoreOp.MAX_BURST), saturatedCounter(quota.debt + edge.unbacked));
      long topUp = Math.min(Math.max(0, target - edge.held()), Math.min(capacity.burst(), StoreOp.MAX_BURST));
      long repay = Math.min(quota.debt, StoreOp.MAX_BURST - topUp);
      quota.debt -= repay;
      long take = topUp + repay;
      boolean backlog = quota.pendingGiveBack != 0 || quota.pendingConsumed != 0; // from a store outage
      long returning = saturatedCounter(credit + quota.pendingGiveBack + quota.heldBackGiveBack);
      quota.heldBackGiveBack = 0;
      long giveBack = Math.min(StoreOp.MAX_BURST, returning);
      quota.pendingGiveBack = returning - giveBack;
      long consumed = Math.min(StoreOp.MAX_BURST, report.consumed() + quota.pendingConsumed);
      quota.pendingConsumed = report.consumed() + quota.pendingConsumed - consumed;
      boolean inPlace = renewsInPlace(take, giveBack, credit, consumed, repay, report.denied(), capacity);
      if (!inPlace && !backlog && holdsBackReturn(take, giveBack, consumed, capacity)) {
        quota.heldBackGiveBack = giveBack; // rides with the quota's next store op
        giveBack = 0;
        inPlace = true;
      }
      if (!inPlace) {
        ops.add(new StoreOp(quota.storeKey(), capacity.microTokensPerSecond(), bucketCap(quota, policy, capacity), take,
            giveBack, consumed, settings.storeIdleTtl()));
      }
      items.add(new PlannedLease(quota, edge, policy, capacity, take, giveBack, consumed, target, repay, inPlace));
    }
    return new SyncPlan(request, items, ops, false);
  }

  /**
   * Whether an edge's report is an idle lease coming back to be renewed unchanged: it used and was
   * refused nothing, returns exactly the store tokens it is to be leased again, and no debt or
   * usage rides along. Giving them back and taking them again would be a store op that leaves the
   * bucket as it was, except that a bucket at its burst caps the give-back and ends the op that
   * many tokens lower, a gap it refills in {@code take ÷ rate}; renewing in place skips that gap,
   * so only when it is within one edge sync interval (a token or two of a per-key limit: in the
   * scale run these were 52 % of all store ops, and every one was a Redis call in production).
   */
  private boolean renewsInPlace(long take, long giveBack, long credit, long consumed, long repay, long denied,
      RegionCapacity capacity) {
    if (take == 0 || take != giveBack || credit != giveBack || consumed != 0 || repay != 0 || denied != 0) {
      return false;
    }
    return refillsWithinSyncInterval(capacity, take);
  }

  /**
   * Whether a contended quota's share at an edge is under one token per edge sync interval: a
   * leased token would wait at the edge for the key's next request there, so under
   * {@code thin_share: hold} the quota's tokens go only to edges holding a request for them
   * (shared-model/docs/protocol.md, "Thin shares held").
   */
  private boolean holdsFor(RegionQuota quota, EdgeShare edge, RegionCapacity capacity, long now) {
    // Contended: an edge was refused within the last few sync intervals (under hold, an edge refuses
    // only when its held request's ask came back empty). An uncontended key's bucket has tokens for
    // every edge: leasing one ahead costs nobody anything and spares the edge's next request the wait.
    boolean contended = quota.lastDeniedNanos != Long.MIN_VALUE
        && now - quota.lastDeniedNanos < CONTENTION_SYNC_INTERVALS * settings.edgeSyncInterval().toNanos();
    return contended && MicroTokens.accrued(Math.min(edge.shareMicro, MicroTokens.MAX_PER_SECOND),
        settings.edgeSyncInterval().toNanos()) < MicroTokens.PER_TOKEN;
  }

  /** Whether the regional bucket refills {@code tokens} within one edge sync interval. */
  private boolean refillsWithinSyncInterval(RegionCapacity capacity, long tokens) {
    long rate = Math.min(capacity.microTokensPerSecond(), MicroTokens.MAX_PER_SECOND);
    return MicroTokens.accrued(rate, settings.edgeSyncInterval().toNanos()) / MicroTokens.PER_TOKEN >= tokens;
  }

  /**
   * Whether a report only gives tokens back (nothing to take, no usage to record) and they are at
   * most what the bucket refills in one edge sync interval: then they wait in
   * {@link RegionQuota#heldBackGiveBack} for the quota's next store op instead of making one of
   * their own. A bucket at its burst, as an idle key's is, would cap such a give-back to nothing;
   * one below it gets the tokens at the next op on the quota, which on a contended quota comes
   * within a sync interval, and loses at most that interval's refill if none comes before the quota
   * is dropped (counted in {@link LeaserStats#droppedReturnTokens()}). In the 1 h scale run these
   * returns, mostly edges evicting idle keys, were 14 % of all store ops.
   */
  private boolean holdsBackReturn(long take, long giveBack, long consumed, RegionCapacity capacity) {
    return take == 0 && consumed == 0 && giveBack > 0 && refillsWithinSyncInterval(capacity, giveBack);
  }

  /**
   * The most the regional bucket may hold: the burst less the tokens this replica's edges hold
   * (DESIGN invariant 2: leased plus unleased tokens stay within the capacity). A bucket that
   * refilled to its whole burst while edges held leases let a surge admit burst + rate × T + the
   * leases (LiveClusterIT: 3 607 tokens in a 5 s window whose strict bound is 3 600).
   */
  private static long bucketCap(RegionQuota quota, QuotaPolicy policy, RegionCapacity capacity) {
    long burst = Math.min(capacity.burst(), StoreOp.MAX_BURST);
    return policy.perKey() ? burst : Math.max(0, burst - quota.storeHeldTotal);
  }

  /** Second half of an edge sync: the store answered {@code results}, one per op of {@code plan}, in order. */
  public EdgeSyncResponse complete(SyncPlan plan, List<StoreResult> results) {
    plan.markCompleted();
    List<PlannedLease> items = plan.items();
    if (results.size() != plan.ops().size()) {
      throw new IllegalArgumentException("results: " + results.size() + " for " + plan.ops().size() + " ops");
    }
    long now = clock.nanos();
    if (!plan.ops().isEmpty()) {
      storeDegraded = false; // only a store call that was made and answered proves the store is back
    }
    List<Lease> leases = new ArrayList<>(items.size());
    int answered = 0;
    for (PlannedLease item : items) {
      if (item.inPlace()) {
        leases.add(renewInPlace(item, now));
        continue;
      }
      StoreResult result = results.get(answered++);
      RegionQuota quota = item.quota();
      quota.emergency = null; // the store answers: a later outage starts from an empty emergency bucket
      long fromStore = Math.min(result.granted(), item.take());
      long repaid = Math.min(fromStore, item.repay());
      quota.debt = saturatedCounter(quota.debt + item.repay() - repaid);
      debtRepaid += repaid;
      long granted = fromStore - repaid;
      item.edge().changeStoreHeld(granted);
      tokensGranted += granted;
      tokensReturned += item.giveBack();
      quota.lastRemaining = result.remaining();
      if (item.policy().coordinated() && item.policy().perKey()) {
        boolean nearlyEmpty = result.remaining() * 1000 < item.capacity().burst() * settings.hotRemainingPermille();
        if (nearlyEmpty || fromStore < item.take()) {
          quota.hotUntilNanos = Math.max(quota.hotUntilNanos, now + settings.hotLinger().toNanos());
          listHot(quota);
        }
      }
      leases.add(lease(item, granted, now));
    }
    return response(plan, leases, now);
  }

  /**
   * Second half of an edge sync without store results: the edge is served from the bounded
   * in-memory emergency share of each quota, and the response says {@code degraded}.
   */
  public EdgeSyncResponse completeWithoutStore(SyncPlan plan, StoreOutcome outcome) {
    plan.markCompleted();
    long now = clock.nanos();
    if (!plan.ops().isEmpty()) {
      storeDegraded = true;
    }
    List<Lease> leases = new ArrayList<>(plan.items().size());
    for (PlannedLease item : plan.items()) {
      if (item.inPlace()) { // its tokens are the store's already: no call was needed for them
        leases.add(renewInPlace(item, now));
        continue;
      }
      RegionQuota quota = item.quota();
      quota.debt = saturatedCounter(quota.debt + item.repay()); // nothing was taken: still owed
      if (outcome == StoreOutcome.NOT_ATTEMPTED) {
        quota.pendingGiveBack = saturatedCounter(quota.pendingGiveBack + item.giveBack());
        quota.pendingConsumed = saturatedCounter(quota.pendingConsumed + item.consumed());
      } else {
        droppedReturnTokens += item.giveBack();
      }
      long rate = emergencyRate(item.capacity());
      long burst = MicroTokens.accrued(rate, settings.emergencyBurst().toNanos()) / MicroTokens.PER_TOKEN;
      if (quota.emergency == null) {
        quota.emergency = new EmergencyBucket(rate, burst, now);
      }
      int edges = Math.max(1, quota.edgeCount());
      long perEdge = MicroTokens.accrued(rate / edges, settings.prefetchHorizon().toNanos()) / MicroTokens.PER_TOKEN;
      long want = Math.min(item.take() - item.repay(), Math.max(rate > 0 ? 1 : 0, perEdge));
      long granted = quota.emergency.take(want, rate, burst, now);
      // Not debt: the store's bucket refills meanwhile, but only up to its burst, so the region
      // admits at most rate × T from memory plus that burst: the token bucket's own bound over
      // the outage. Charging it as debt too starved the region after every recovery
      // (regional-faults: 96.7 % against 98.6 %).
      item.edge().emergencyHeld += granted;
      quota.emergencyGrantedTotal += granted;
      emergencyTokensGranted += granted;
      leases.add(lease(item, granted, now));
    }
    return response(plan, leases, now);
  }

  /**
   * This replica's part of the region's share of a quota while the store is out: the region's
   * grant while it is valid (its default share for a per-key quota, the whole limit for a
   * region-scoped one), its floor once the grant lapsed. The coordinator accounts for exactly that
   * share, and shrinks it by revoke-then-reassign, so serving it from memory keeps DESIGN
   * invariant 2; before, a region without Redis admitted only its floor (0 unless configured) and
   * its grant sat idle for the whole outage (regional-faults: 89.4 % utilisation).
   */
  private long emergencyRate(RegionCapacity capacity) {
    return mulDiv(capacity.microTokensPerSecond(), settings.emergencyPermille(), 1000);
  }

  private Lease renewInPlace(PlannedLease item, long now) {
    item.edge().changeStoreHeld(item.take());
    if (item.take() > 0) { // else a return held back for the quota's next op (holdsBackReturn)
      leasesRenewedInPlace++;
    }
    return lease(item, item.take(), now);
  }

  /**
   * How long a lease lasts: {@link LeaserSettings#leaseTtl()} while the edge uses the quota, longer
   * while it idles ({@link LeaserSettings#idleLeaseTtl(int)}). A per-key quota's lease lasts the
   * longest idle TTL at once when the edge idles or is to hold a single token: most keys of a large
   * key space come to an edge now and then, and such a lease lapsed unused after one TTL only to
   * come back and be renewed in place with the same token, idle lease after idle lease (lapses were
   * 61 % of the 1 h scale run's reports; these leases cut them by two thirds, its reports by 42 %).
   * The tokens are taken from the regional bucket either way, and the edge held them through its
   * idle leases as well, so this costs no accuracy (every shipped scenario: the same over-admission
   * and utilisation, false rejects within ±0.2 points). An aggregate limit keeps the ladder: its
   * tokens are every edge's, so they come back sooner.
   */
  private long leaseTtlNanos(PlannedLease item, EdgeShare edge) {
    if (item.policy().perKey() && (edge.idleStreak > 0 || item.targetTokens() == 1)) {
      return settings.idleLeaseTtlNanos(LeaserSettings.IDLE_LEASE_DOUBLINGS + 1);
    }
    return edge.idleStreak > 0 ? settings.idleLeaseTtlNanos(edge.idleStreak) : settings.leaseTtl().toNanos();
  }

  private Lease lease(PlannedLease item, long granted, long now) {
    EdgeShare edge = item.edge();
    long ttlNanos = leaseTtlNanos(item, edge);
    if (granted > 0) {
      edge.leaseExpiresAtNanos = now + ttlNanos;
    }
    leasesGranted++;
    long floor = item.capacity().floorMicroTokensPerSecond() / Math.max(1, item.quota().edgeCount());
    return new Lease(item.id(), granted, Math.min(edge.shareMicro, MicroTokens.MAX_PER_SECOND),
        Math.min(Math.max(item.targetTokens(), granted), MAX_COUNTER), nextEpoch++,
        ttlNanos / 1_000_000L, floor);
  }

  private EdgeSyncResponse response(SyncPlan plan, List<Lease> leases, long now) {
    EdgeSyncRequest request = plan.request();
    Optional<String> relay = request.configRevisionHeld() != configRevision ? config : Optional.empty();
    return new EdgeSyncResponse(ProtocolVersion.CURRENT, settings.aggregatorId(), settings.region(), configRevision,
        relay, leases, degraded(now), settings.edgeSyncInterval().toMillis(),
        starterCaps.at(now, policies, this::liveEdges, (id, policy) -> newKeyBurst(id, policy, now)));
  }

  /** Edges that synced with this replica within {@link StarterCaps#LIVE_WINDOW_SYNCS} sync intervals. */
  private int liveEdges(long now) {
    long window = StarterCaps.liveWindowNanos(settings.edgeSyncInterval().toNanos());
    int live = 0;
    for (EdgeSession session : sessions.values()) {
      if (now - session.lastSeenNanos < window) {
        live++;
      }
    }
    return live;
  }

  /**
   * The regional bucket's burst for a quota of this limit that the region has no state for: the
   * default share of a per-key limit, the grant of a constant key's aggregate. A constant key
   * before its first grant is not capped (its pool's cold start shares it out within a sync
   * interval; regional-aggregator/README.md).
   */
  private long newKeyBurst(QuotaId aggregate, QuotaPolicy policy, long now) {
    if (!policy.coordinated()) {
      return policy.limitBurst();
    }
    if (policy.perKey()) {
      return defaultShare(aggregate, policy, now).burst();
    }
    HeldRegionGrant held = grants.get(aggregate);
    return held != null && held.valid(now) ? capacity(aggregate, policy, now).burst() : Long.MAX_VALUE;
  }

  private void updateDemand(RegionQuota quota, EdgeShare edge, QuotaReport report, long now) {
    long interval = edge.lastReportNanos == Long.MIN_VALUE
        ? settings.edgeSyncInterval().toNanos()
        : Math.max(1, now - edge.lastReportNanos);
    edge.lastReportNanos = now;
    if (report.wantedMicroTokensPerSecond() == 0 && report.consumed() == 0 && report.denied() == 0) {
      // The edge wants nothing and used nothing: the key left its table (a final report), or it
      // gives back a lease it could not apply. Leasing it the remains of an old estimate only had
      // the tokens come straight back, round after round while the estimate decayed (~25 store
      // ops per key and edge after each idle eviction in the scale run).
      edge.demand = DemandState.INITIAL;
      edge.wantedMicro = 0;
      quota.setDemand(edge, 0);
      return;
    }
    UsageSample sample = new UsageSample(toMilli(report.consumed()), toMilli(report.denied()), interval);
    edge.demand = estimator.next(edge.demand, sample, edge.shareMicro / 1000);
    edge.wantedMicro = report.wantedMicroTokensPerSecond();
    long demandMilli = Math.min(RateBurst.MAX_AMOUNT,
        Math.max(edge.demand.estimateRate(), edge.wantedMicro / 1000));
    quota.setDemand(edge, demandMilli);
  }

  /** Tokens the edge should hold after this sync: its (fair-capped) demand over the prefetch horizon. */
  private long targetTokens(RegionQuota quota, EdgeShare edge, RegionCapacity capacity, long now) {
    long demandMicro = Math.min(MicroTokens.MAX_PER_SECOND,
        Math.max(edge.wantedMicro, Math.multiplyExact(edge.demandMilli, 1000L)));
    long share = Math.min(demandMicro, capacity.microTokensPerSecond());
    long capacityMilli = capacity.microTokensPerSecond() / 1000;
    if (quota.edgeCount() > 1 && quota.sumDemandMilli > capacityMilli) {
      allocate(quota, capacityMilli, now);
      share = Math.min(share, Math.multiplyExact(quota.fairMilli(edge), 1000L));
    }
    edge.shareMicro = share;
    if (share == 0) {
      return 0;
    }
    long tokens = MicroTokens.accrued(share, settings.prefetchHorizon().toNanos()) / MicroTokens.PER_TOKEN;
    return Math.max(1, tokens); // slow limits still need a whole token to admit anything
  }

  /**
   * Splits a contended quota's capacity among its edges, max-min by their demands
   * ({@link FairShare#maxMinRates}), into its fair shares ({@link RegionQuota#fairMilli}).
   */
  private void allocate(RegionQuota quota, long capacityMilli, long now) {
    // Made again at most every half sync interval while demands move, and not at all while its
    // inputs stay the same (most quotas of a large key space, whose edges' demands have settled).
    boolean fresh = quota.allocated
        && quota.allocationRateMilli == capacityMilli
        && (!quota.demandsChanged || now - quota.allocationAtNanos < settings.edgeSyncInterval().toNanos() / 2);
    if (fresh) {
      return;
    }
    quota.setFairShares(FairShare.maxMinRates(capacityMilli, quota.demandsById(), quota.fairSharesById()));
    quota.allocated = true;
    quota.allocationAtNanos = now;
    quota.allocationRateMilli = capacityMilli;
    quota.demandsChanged = false;
  }

  private RegionQuota quota(QuotaId id) {
    RegionQuota quota = quotas.get(id);
    if (quota == null) {
      long now = clock.nanos();
      quota = new RegionQuota(id);
      quota.periodReport = regionReports;
      quota.lastActiveNanos = now;
      quotas.put(id, quota);
      housekeeping.file(quota, now); // the next tick works out when it needs a look
      if (quotas.size() > settings.maxQuotas()) {
        forgetLongestUnused(now);
      }
    }
    return quota;
  }

  /**
   * Marks a quota just removed from {@link #quotas} (a later report of its id makes a new one), so
   * that the housekeeping and hot lists that still hold it pass it by without a lookup; tokens
   * held back for its next store op are lost with it.
   */
  private void forgotten(RegionQuota quota) {
    quota.forgotten = true;
    droppedReturnTokens += quota.heldBackGiveBack;
  }

  /**
   * Over {@link LeaserSettings#maxQuotas()}: forgets the quota made first, unless it was active
   * within a lease TTL (its edges may hold leases), when it goes to the back instead; after
   * {@value #EVICTION_SECOND_CHANCES} such moves the first goes regardless (never the quota just
   * made). Close to least
   * recently used, without an access-ordered map, whose relinking on every lookup cost two cache
   * misses per report (~8 % of the scale run).
   */
  private void forgetLongestUnused(long now) {
    long recent = settings.leaseTtl().toNanos();
    // the quota just made is last: fewer chances than quotas before it never reach it
    int chances = Math.min(EVICTION_SECOND_CHANCES, quotas.size() - 2);
    for (int chance = 0; ; chance++) {
      RegionQuota first = quotas.values().iterator().next();
      quotas.remove(first.id);
      if (chance == chances || now - first.lastActiveNanos >= recent) {
        forgotten(first);
        return;
      }
      quotas.put(first.id, first);
    }
  }

  // ---------------------------------------------------------------- capacity

  /** The capacity of {@code quota}'s regional bucket now, or empty when no rule covers it. */
  public Optional<RegionCapacity> capacity(QuotaId quota) {
    long now = clock.nanos();
    return policies.find(quota).map(policy -> capacity(quota, policy, now));
  }

  RegionCapacity capacity(QuotaId id, QuotaPolicy policy, long now) {
    if (!policy.coordinated()) {
      return new RegionCapacity(policy.limitMicroTokensPerSecond(), policy.limitBurst(),
          policy.limitMicroTokensPerSecond(), RegionCapacity.Source.REGION_LIMIT);
    }
    HeldRegionGrant held = grants.get(id);
    if (held != null && held.valid(now)) {
      Grant g = held.grant();
      long rate = Math.min(g.microTokensPerSecond(), StoreOp.MAX_RATE_MICRO_TOKENS_PER_SECOND);
      long burst = Math.min(g.burst(), StoreOp.MAX_BURST);
      return new RegionCapacity(rate, burst, Math.min(g.floorMicroTokensPerSecond(), rate),
          RegionCapacity.Source.GRANT);
    }
    if (!policy.perKey() || held != null) {
      long floor = held != null ? held.grant().floorMicroTokensPerSecond() : policy.regionFloorMicroTokensPerSecond();
      return floorCapacity(policy, floor);
    }
    return defaultShare(id, policy, now);
  }

  private RegionCapacity floorCapacity(QuotaPolicy policy, long floor) {
    long burst = Math.min(policy.limitBurst(), MicroTokens.accrued(floor, NANOS_PER_SECOND) / MicroTokens.PER_TOKEN);
    return new RegionCapacity(floor, burst, floor, RegionCapacity.Source.FLOOR);
  }

  private RegionCapacity defaultShare(QuotaId id, QuotaPolicy policy, long now) {
    long numerator = policy.shareNumerator();
    long denominator = policy.shareDenominator();
    if (policy.keyShare() == QuotaPolicy.KeyShare.TRAFFIC) {
      HeldRegionGrant traffic = grants.get(QuotaId.aggregate(id.ruleId(), id.limitIndex()));
      if (traffic == null || !traffic.valid(now) || policy.limitMicroTokensPerSecond() == 0) {
        // Another region may hold a traffic share above 1/N; only the floor is reserved for us.
        return floorCapacity(policy, policy.regionFloorMicroTokensPerSecond());
      }
      numerator = Math.min(traffic.grant().microTokensPerSecond(), policy.limitMicroTokensPerSecond());
      denominator = policy.limitMicroTokensPerSecond();
    }
    long rate = mulDiv(policy.limitMicroTokensPerSecond(), numerator, denominator);
    long burst = mulDiv(policy.limitBurst(), numerator, denominator);
    long floor = Math.min(policy.regionFloorMicroTokensPerSecond(), rate);
    return new RegionCapacity(rate, burst, floor, RegionCapacity.Source.DEFAULT_SHARE);
  }

  // ---------------------------------------------------------------- coordinator

  /**
   * Builds the report for the coordinator: per rule aggregate and per hot key the usage since the
   * previous report and the smoothed demand, an ack and a held entry per grant in force. Also runs
   * {@link #tick}.
   */
  public RegionReport regionReport() {
    long now = clock.nanos();
    tick();
    long interval = lastRegionReportNanos == Long.MIN_VALUE
        ? 5 * settings.edgeSyncInterval().toNanos()
        : Math.max(1, now - lastRegionReportNanos);
    lastRegionReportNanos = now;
    List<DemandReport> ruleDemand = new ArrayList<>(ruleTraffic.size());
    long edgeInterval = settings.edgeSyncInterval().toNanos();
    long liveWindow = StarterCaps.liveWindowNanos(edgeInterval);
    for (Map.Entry<QuotaId, RuleTraffic> e : sortedById(ruleTraffic).entrySet()) {
      RuleTraffic traffic = e.getValue();
      long observed = now - traffic.firstSeenNanos;
      if (!traffic.reported && observed < edgeInterval) {
        // Its edges' first reports carry almost none of its demand: a coordinator sizing this
        // region on them would hand the pool to whichever region reports next. Reported once
        // every edge has had a sync interval to show its traffic (until then the coordinator
        // keeps an initial allowance here and asks back after a quarter interval).
        continue;
      }
      traffic.reported = true;
      HeldRegionGrant held = grants.get(e.getKey());
      long granted = held != null && held.valid(now) ? held.grant().microTokensPerSecond() / 1000 : 0;
      // Without its store the region admits at most its emergency share of what it is granted,
      // and only as far as edges spread over the replicas: what it denies meanwhile is not
      // demand a larger grant would serve, and reporting it would park capacity here that other
      // regions can use until the store is back.
      long periodConsumed = traffic.periodConsumed;
      long periodDenied = storeDegraded ? 0 : traffic.periodDenied;
      long[] rates = traffic.closePeriod(liveWindow, now, this::lastSyncNanos);
      long deniedRate = storeDegraded ? 0 : rates[1];
      traffic.demand = regionEstimator.next(traffic.demand,
          new UsageSample(rates[0], deniedRate, NANOS_PER_SECOND), granted);
      ruleDemand.add(new DemandReport(e.getKey(), periodConsumed, periodDenied,
          toMicroRate(traffic.demand.estimateRate())));
    }
    List<DemandReport> hot = new ArrayList<>();
    // tick() just dropped the quotas no longer hot from the list
    for (RegionQuota quota : hotQuotas) {
      if (quota.hot(now) && hot.size() < settings.maxHotKeys() && !quota.id.isAggregate()) {
        boolean current = quota.periodReport == regionReports;
        long consumed = current ? quota.periodConsumed : 0;
        HeldRegionGrant held = grants.get(quota.id);
        long granted = held != null && held.valid(now) ? held.grant().microTokensPerSecond() / 1000 : 0;
        long denied = storeDegraded || !current ? 0 : quota.periodDenied;
        quota.regionDemand = regionEstimator.next(quota.regionDemand,
            new UsageSample(toMilli(consumed), toMilli(denied), interval), granted);
        // What the region used and was refused, as for rule aggregates. The edges' summed demand
        // only in the key's first report, when the edges' asks are all that shows it (it just
        // became hot on them): it includes each edge's `wanted`, its prefetch headroom, so a
        // region that had all it needed kept claiming ~50 % more, and max-min left the surplus
        // idle there while the regions short of the key waited (hot-key: 94.7 -> 98.9 %).
        long demand = storeDegraded || quota.regionDemand.samples() > 1
            ? quota.regionDemand.estimateRate()
            : Math.max(quota.regionDemand.estimateRate(), quota.sumDemandMilli);
        hot.add(new DemandReport(quota.id, consumed, denied, toMicroRate(demand)));
      }
    }
    regionReports++; // every quota's period counters now belong to a reported period
    reportIdleHotKeys(hot, now);
    List<GrantAck> acks = new ArrayList<>();
    List<HeldGrant> held = new ArrayList<>();
    for (Map.Entry<QuotaId, HeldRegionGrant> e : sortedById(grants).entrySet()) {
      HeldRegionGrant h = e.getValue();
      if (!h.valid(now)) {
        continue;
      }
      Grant g = h.grant();
      acks.add(new GrantAck(e.getKey(), g.epoch()));
      held.add(new HeldGrant(e.getKey(), g.microTokensPerSecond(), g.burst(), g.epoch(),
          (h.expiresAtNanos() - now) / NANOS_PER_MILLI, g.fencingToken()));
    }
    RegionSyncRequest request = new RegionSyncRequest(ProtocolVersion.CURRENT, settings.region(),
        settings.aggregatorId(), ++regionSeq, configRevision, fencingTokenSeen, ruleDemand, hot, acks, held);
    return new RegionReport(request, now);
  }

  /**
   * Keys hot in other regions that this region has no traffic for are reported too, as idle: the
   * coordinator then moves the region from its default share of the key (which it must keep
   * reserved while the region might apply it) to an explicit key grant sized by its demand, and
   * the regions that do use the key get the rest (steady-skewed: a key used in two of five regions
   * was held at 2/5 of its limit by the three idle regions' default shares).
   */
  private void reportIdleHotKeys(List<DemandReport> hot, long now) {
    if (hotElsewhereUntil.isEmpty()) {
      return;
    }
    Set<QuotaId> listed = new HashSet<>();
    for (DemandReport report : hot) {
      listed.add(report.quota());
    }
    for (Map.Entry<QuotaId, Long> e : hotElsewhereUntil.entrySet()) {
      if (hot.size() >= settings.maxHotKeys()) {
        return;
      }
      QuotaId id = e.getKey();
      if (now >= e.getValue() || listed.contains(id)) {
        continue;
      }
      Optional<QuotaPolicy> policy = policies.find(id);
      if (policy.isEmpty() || !policy.get().coordinated() || !policy.get().perKey()) {
        continue;
      }
      hot.add(new DemandReport(id, 0, 0, 0));
    }
  }

  /**
   * Applies the coordinator's answer to the report sent at {@code sentAtNanos}: grants from a
   * deposed leader (fencing token below the highest seen) are ignored, and per quota only a grant
   * newer by (fencing token, epoch) replaces the one held. Grant TTLs run from {@code sentAtNanos},
   * minus 1 % and the safety margin.
   */
  public AppliedRegionSync apply(RegionSyncResponse response, long sentAtNanos) {
    long now = clock.nanos();
    if (response.fencingToken() < fencingTokenSeen) {
      staleLeaderAnswers++;
      return new AppliedRegionSync(false, 0, response.grants().size(), Optional.empty(), 0);
    }
    fencingTokenSeen = response.fencingToken();
    lastCoordinatorAnswerNanos = now;
    int applied = 0;
    int ignored = 0;
    for (Grant grant : response.grants()) {
      HeldRegionGrant current = grants.get(grant.quota());
      boolean acceptable = grant.region().equals(settings.region())
          && grant.fencingToken() >= fencingTokenSeen
          && (current == null || current.olderThan(grant))
          && (current != null || grants.size() < MAX_GRANTS);
      if (!acceptable) {
        ignored++;
        continue;
      }
      long ttlNanos = grant.ttlMillis() * NANOS_PER_MILLI;
      long margin = ttlNanos / 100 + settings.grantSafetyMargin().toNanos();
      grants.put(grant.quota(), new HeldRegionGrant(grant, sentAtNanos + Math.max(0, ttlNanos - margin)));
      RegionQuota quota = quotas.get(grant.quota());
      if (quota != null) {
        quota.allocated = false;
      }
      applied++;
    }
    long hotUntil = now + settings.hotLinger().toNanos();
    for (QuotaId id : response.hotKeysElsewhere()) {
      hotElsewhereUntil.put(id, hotUntil);
      RegionQuota quota = quotas.get(id);
      if (quota != null && now - quota.lastActiveNanos < settings.hotLinger().toNanos()) {
        quota.hotUntilNanos = Math.max(quota.hotUntilNanos, hotUntil);
        listHot(quota);
      }
    }
    grantsApplied += applied;
    grantsIgnored += ignored;
    boolean newer = response.config().isPresent() && response.configRevision() > configRevision;
    return new AppliedRegionSync(true, applied, ignored,
        newer ? response.config() : Optional.empty(), newer ? response.configRevision() : 0);
  }

  // ---------------------------------------------------------------- housekeeping

  /**
   * Housekeeping, about once a second: forgets idle edges and quotas, lapsed hot-key grants (after
   * {@link LeaserSettings#lapsedGrantLingerNanos}) and state of rules that were removed.
   */
  public void tick() {
    long now = clock.nanos();
    // kept while its longest lease (an idle edge's) may still be held, so that its holdings are known
    long edgeIdle = settings.maxIdleLeaseTtl().toNanos() + 2 * settings.leaseTtl().toNanos();
    long linger = settings.hotLinger().toNanos();
    // A quota is only made for a report its policies cover, so one without a policy can exist only
    // when the rules changed since the last tick looked: every quota is looked at only then.
    boolean rulesChanged = policies != tickedPolicies;
    tickedPolicies = policies;
    if (rulesChanged) {
      for (Iterator<RegionQuota> it = quotas.values().iterator(); it.hasNext(); ) {
        RegionQuota quota = it.next();
        if (policies.find(quota.id).isEmpty()) {
          it.remove();
          forgotten(quota);
        } else {
          housekeeping.file(quota, now);
        }
      }
    }
    for (RegionQuota quota; (quota = housekeeping.pollDue(now)) != null; ) {
      if (quota.forgotten) {
        continue;
      }
      if (quota.edgesIdleCheckAt == Long.MIN_VALUE || now - quota.edgesIdleCheckAt >= 0) {
        dropIdleEdges(quota, now, edgeIdle);
      }
      boolean settled = quota.pendingConsumed == 0 && quota.pendingGiveBack == 0;
      if (quota.edgeCount() == 0 && settled && now - quota.lastActiveNanos > linger) {
        quotas.remove(quota.id);
        forgotten(quota);
        continue;
      }
      // the next time it could be dropped, or one of its edges be idle
      long next = quota.edgeCount() == 0 ? quota.lastActiveNanos + linger + 1 : quota.edgesIdleCheckAt;
      housekeeping.file(quota, now - next < 0 ? next : now + Math.max(1, linger));
    }
    int hot = 0;
    for (Iterator<RegionQuota> it = hotQuotas.iterator(); it.hasNext(); ) {
      RegionQuota quota = it.next();
      if (!quota.forgotten && quota.hot(now)) {
        hot++;
      } else {
        quota.hotListed = false;
        it.remove();
      }
    }
    hotKeyCount = hot;
    grants.entrySet().removeIf(e -> {
      QuotaId id = e.getKey();
      Optional<QuotaPolicy> policy = policies.find(id);
      HeldRegionGrant held = e.getValue();
      long lingerNanos = settings.lapsedGrantLingerNanos(held.grant().ttlMillis() * NANOS_PER_MILLI);
      boolean lapsedHotKey = !id.isAggregate() && now - held.expiresAtNanos() > lingerNanos;
      return policy.isEmpty() || lapsedHotKey;
    });
    ruleTraffic.keySet().removeIf(id -> policies.find(id).isEmpty());
    hotElsewhereUntil.values().removeIf(until -> now >= until);
    sessions.values().removeIf(session -> now - session.lastSeenNanos > edgeIdle);
  }

  private void listHot(RegionQuota quota) {
    if (!quota.hotListed) {
      quota.hotListed = true;
      hotQuotas.add(quota);
    }
  }

  /**
   * Forgets the edges of {@code quota} silent for longer than {@code edgeIdle}, and notes when the
   * next one could be: reports only move an edge's time forward and new edges start at their
   * report, so until then no edge of the quota can be idle and the tick need not look.
   */
  private static void dropIdleEdges(RegionQuota quota, long now, long edgeIdle) {
    long oldest = now;
    for (EdgeShare edge : quota.edgesById()) { // a snapshot: forgetting an edge replaces the array
      if (now - edge.lastReportNanos > edgeIdle) {
        quota.forget(edge);
      } else if (edge.lastReportNanos != Long.MIN_VALUE && edge.lastReportNanos - oldest < 0) {
        oldest = edge.lastReportNanos;
      }
    }
    quota.edgesIdleCheckAt = oldest + edgeIdle + 1;
  }

  /**
   * Whether edges are served from fallback shares: the last store call failed or was not made, or
   * a coordinator is configured and has not answered within its deadline.
   */
  public boolean degraded() {
    return degraded(clock.nanos());
  }

  private boolean degraded(long now) {
    if (storeDegraded) {
      return true;
    }
    if (!settings.coordinated()) {
      return false;
    }
    long since = lastCoordinatorAnswerNanos == Long.MIN_VALUE ? startedAtNanos : lastCoordinatorAnswerNanos;
    return now - since > settings.coordinatorDeadline().toNanos();
  }

  /** Whether the last store call was made and succeeded. */
  public boolean storeDegraded() {
    return storeDegraded;
  }

  public long fencingTokenSeen() {
    return fencingTokenSeen;
  }

  /** Tokens granted from the emergency share for {@code quota} since it was tracked. */
  public long emergencyGranted(QuotaId quota) {
    RegionQuota q = quotas.get(quota);
    return q == null ? 0 : q.emergencyGrantedTotal;
  }

  /**
   * Store tokens this replica's edges hold for {@code quota} as far as it knows, {@code [kept total,
   * recount over its edges]} ({@code [0, 0]} for an unknown quota), for tests.
   */
  long[] storeHeld(QuotaId quota) {
    RegionQuota q = quotas.get(quota);
    return q == null ? new long[2] : new long[] {q.storeHeldTotal, q.storeHeldRecount()};
  }

  /** Whether {@code quota} is tracked (not forgotten), for tests. */
  boolean tracks(QuotaId quota) {
    return quotas.containsKey(quota);
  }

  /** Whether {@code quota} is hot now (reported individually to the coordinator). */
  public boolean isHot(QuotaId quota) {
    RegionQuota q = quotas.get(quota);
    return q != null && q.hot(clock.nanos());
  }

  public LeaserStats stats() {
    return new LeaserStats(leasesGranted, leasesRenewedInPlace, tokensGranted, tokensReturned, emergencyTokensGranted,
        droppedReturnTokens, replays, unknownQuotaReports, staleLeaderAnswers, grantsApplied, grantsIgnored,
        quotas.size(), hotKeyCount, grants.size(), debtRepaid, starterCaps.liveEdges(), starterCaps.cappedRules());
  }

  private static <V> Map<QuotaId, V> sortedById(Map<QuotaId, V> map) {
    TreeMap<QuotaId, V> sorted = new TreeMap<>(BY_ID);
    sorted.putAll(map);
    return sorted;
  }

  // ---------------------------------------------------------------- arithmetic

  private static long toMilli(long tokens) {
    return Math.min(RateBurst.MAX_AMOUNT, Math.min(tokens, RateBurst.MAX_AMOUNT / 1000) * 1000);
  }

  private static long toMicroRate(long milliRate) {
    return Math.min(MicroTokens.MAX_PER_SECOND, Math.min(milliRate, MicroTokens.MAX_PER_SECOND / 1000) * 1000);
  }

  private long lastSyncNanos(String edgeId) {
    EdgeSession session = sessions.get(edgeId);
    return session == null || !session.synced ? Long.MIN_VALUE : session.lastSeenNanos;
  }

  static long saturatedCounter(long value) {
    return value < 0 ? MAX_COUNTER : Math.min(value, MAX_COUNTER);
  }

  /** {@code floor(a × b / c)} for non-negative operands, exact. */
  static long mulDiv(long a, long b, long c) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high == 0 && low >= 0) {
      return low / c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
  }
}
