package io.leasehold.coordinator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.AckOutcome;
import io.leasehold.model.alloc.AllocationPolicy;
import io.leasehold.model.alloc.ChildDemand;
import io.leasehold.model.alloc.ChildTarget;
import io.leasehold.model.alloc.DemandEstimator;
import io.leasehold.model.alloc.FairShare;
import io.leasehold.model.alloc.GrantDecision;
import io.leasehold.model.alloc.HeldGrant;
import io.leasehold.model.alloc.LedgerSettings;
import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.message.DemandReport;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.GrantAck;
import io.leasehold.model.message.MessageLimits;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The coordinator's central pool (DESIGN.md §3, §4): one {@link io.leasehold.model.alloc.GrantLedger}
 * per coordinator-managed quota, shared among regions by weighted max-min fair share of their
 * reported demand, with floors, priority bands, revoke-then-reassign and the leader's fencing
 * token on every grant.
 *
 * <p>Managed quotas:
 * <ul>
 *   <li>the aggregate quota of every limit of a constant-key global rule ({@link QuotaKind#AGGREGATE});
 *   <li>the aggregate quota of every limit of a per-key global rule ({@link QuotaKind#DEFAULT_SHARE}):
 *       its grant is the region's share of <em>each</em> non-hot key's limit (equal, by weights or
 *       by traffic). Σ over regions ≤ the per-key limit, so every non-hot key is safe at once;
 *   <li>hot keys reported by regions ({@link QuotaKind#HOT_KEY}), until idle. A region not known
 *       to apply a grant for the key may still be using its default share for it: that share is
 *       taken off the key's capacity, and when the region reports the key it is converted into
 *       what the region holds (so it keeps it without a pause). A region's default share grows
 *       only into capacity that every such hot key has free.
 * </ul>
 *
 * <p>Each region report is answered at once: the pool computes the fair share of every live
 * region (reported within {@link PoolSettings#regionLiveness()}) and hands the ledger the
 * reporting region's target; the ledger decides how much of it may be granted now without Σ
 * outstanding exceeding the capacity at any instant (DESIGN.md invariant 2).
 *
 * <p><b>Failover.</b> {@link #becomeLeader} starts from the rules alone: for one grant TTL every
 * quota reserves its whole capacity for the previous leader's unknown grants, while what regions
 * report holding ({@code held}) is seeded as theirs. Each region keeps at most what it holds in
 * the meantime, so there is no learning pause. Once every expected region has reported after it
 * saw this leader's fencing token, the reservation ends and shares move again.
 *
 * <p>Sans-I/O and deterministic: time comes from the injected {@link Clock}; not thread-safe
 * (drive it from one event loop).
 */
public final class CentralPool {
  private static final long HOUSEKEEPING_EVERY_NANOS = 100_000_000L;
  private static final int MAX_TRACKED_AGGREGATORS = 10_000;

  private final PoolSettings settings;
  private final LedgerSettings ledgerSettings;
  private final Clock clock;
  private final DemandEstimator estimator;

  private PoolConfig config = PoolConfig.EMPTY;
  private Map<String, QuotaRule> rules = Map.of();
  private long fencingToken;
  private FailoverGate gate;
  private final LinkedHashMap<QuotaId, QuotaPool> pools = new LinkedHashMap<>();
  /** Hot-key pools by the aggregate quota (rule, limit) whose default share they interact with. */
  private final Map<QuotaId, LinkedHashMap<String, QuotaPool>> hotKeys = new HashMap<>();
  private int hotKeyCount;
  private final TreeSet<String> seenRegions = new TreeSet<>();
  /** When each region last synced (any quota), for initial allowances. */
  private final Map<String, Long> lastSyncByRegion = new HashMap<>();
  private final LinkedHashMap<String, Long> lastSeqByAggregator = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_TRACKED_AGGREGATORS;
    }
  };
  /**
   * {@link #staticShare} by rule, region and limit: a function of the rule set alone, asked for
   * every hot-key grant and floor (its BigDecimal arithmetic was a quarter of the scale run's
   * allocations). Emptied when the rules change; bounded because region names come from requests.
   */
  private final Map<StaticShareKey, RateBurst> staticShares = new HashMap<>();
  private static final int MAX_STATIC_SHARES = 4096;
  private long epochHighWater;
  private long lastHousekeepingNanos = Long.MIN_VALUE;

  private long syncs;
  private long grants;
  private long grantsHeldBack;
  private long rebalances;
  private long acksAccepted;
  private long acksIgnored;
  private long refusedNotLeader;
  private long refusedDeposed;
  private long heldSeeded;
  private long hotKeysCreated;
  private long hotKeysExpired;

  public CentralPool(PoolSettings settings, Clock clock) {
    if (settings == null || clock == null) {
      throw new IllegalArgumentException("settings and clock: must not be null");
    }
    this.settings = settings;
    this.ledgerSettings = settings.ledgerSettings();
    this.clock = clock;
    this.estimator = new DemandEstimator(settings.demand());
  }

  public PoolSettings settings() {
    return settings;
  }

  public PoolConfig config() {
    return config;
  }

  public boolean isLeader() {
    return fencingToken > 0;
  }

  /** This leader's fencing token; 0 when not leading. */
  public long fencingToken() {
    return fencingToken;
  }

  /** Whether capacity is still reserved for grants of a previous leader. */
  public boolean reservingForFailover() {
    return gate != null && gate.reserving(clock.nanos());
  }

  /**
   * Switches to a new rule set. Quotas of removed rules (or limits) stop getting grants and are
   * forgotten once their grants have expired; a rule that comes back before that resumes its
   * ledger, so grants still in use keep counting. Capacity changes apply at the next report.
   */
  public void applyConfig(PoolConfig newConfig) {
    if (newConfig == null) {
      throw new IllegalArgumentException("config: must not be null");
    }
    Map<String, QuotaRule> byId = new HashMap<>();
    for (QuotaRule rule : newConfig.rules()) {
      if (byId.put(rule.id(), rule) != null) {
        throw new IllegalArgumentException("rules: duplicate rule id " + rule.id());
      }
    }
    this.config = newConfig;
    this.rules = byId;
    staticShares.clear();
    for (QuotaPool pool : pools.values()) {
      QuotaRule rule = rules.get(pool.id.ruleId());
      QuotaKind kind = kindOf(rule, pool.id);
      if (kind == null) {
        pool.retired = true;
        continue;
      }
      pool.retired = false;
      pool.kind = kind;
      pool.limit = rule.limits().get(pool.id.limitIndex());
      pool.ledger.setCapacity(pool.limit);
    }
  }

  /**
   * Starts leading with {@code token} (the leader key's create revision). Everything learnt under
   * an earlier term is dropped: grants of that term are a previous leader's now, and come back
   * through region reports.
   */
  public void becomeLeader(long token) {
    if (token <= 0) {
      throw new IllegalArgumentException("fencingToken: " + token + ": must be >= 1");
    }
    if (token == fencingToken) {
      return;
    }
    clearTerm();
    long now = clock.nanos();
    fencingToken = token;
    gate = new FailoverGate(now, saturatingPlus(now, ledgerSettings.outstandingNanos()),
        saturatingPlus(now, 2 * settings.requestDeadline().toNanos()), settings.expectedRegions());
  }

  /** Stops leading: no more grants, and nothing of this term is kept. */
  public void stepDown() {
    clearTerm();
    fencingToken = 0;
    gate = null;
  }

  private void clearTerm() {
    pools.clear();
    hotKeys.clear();
    hotKeyCount = 0;
    lastSeqByAggregator.clear();
    lastSyncByRegion.clear();
  }

  /** Handles one region report and computes its answer. */
  public SyncResult sync(RegionSyncRequest request) {
    long now = clock.nanos();
    syncs++;
    if (fencingToken == 0) {
      refusedNotLeader++;
      return new SyncResult.NotLeader();
    }
    long seen = request.fencingTokenSeen();
    for (io.leasehold.model.message.HeldGrant held : request.held()) {
      seen = Math.max(seen, held.fencingToken());
    }
    if (seen > fencingToken) {
      refusedDeposed++;
      return new SyncResult.Deposed(seen, fencingToken);
    }
    housekeeping(now);
    String region = request.region();
    String aggregator = request.aggregatorId();
    seenRegions.add(region);
    lastSyncByRegion.put(region, now);
    boolean fresh = freshSequence(request.aggregatorId(), request.seq());
    // A replica that has never heard from any leader and holds nothing cannot be holding an old
    // leader's grant, and (one region sync in flight per replica) none can reach it later: its
    // report counts like one sent after seeing this leader's token. This is what lets a brand-new
    // cluster grant within one round trip instead of after a second round of reports.
    boolean sawOwnToken = request.fencingTokenSeen() == fencingToken;
    boolean provablyClean = sawOwnToken
        || (request.fencingTokenSeen() == 0 && request.held().isEmpty());
    boolean emptyHanded = provablyClean && request.held().isEmpty();
    if (gate.observe(region, provablyClean, now)) {
      for (QuotaPool pool : pools.values()) {
        pool.ledger.assumeOutstandingUntil(RateBurst.ZERO, gate.electedAtNanos());
      }
    }

    Map<QuotaId, io.leasehold.model.message.HeldGrant> heldByQuota = new HashMap<>();
    for (io.leasehold.model.message.HeldGrant held : request.held()) {
      heldByQuota.put(held.quota(), held);
      if (held.fencingToken() < fencingToken) {
        seedPrevious(region, held, now);
      }
      QuotaPool pool = pools.get(held.quota());
      if (pool != null && pool.kind == QuotaKind.HOT_KEY && held.remainingTtlMillis() > 0) {
        pool.markOnKeyGrant(region, saturatingPlus(saturatingPlus(now,
            Units.millisToNanos(held.remainingTtlMillis())), ledgerSettings.safetyMarginNanos()));
      }
    }
    for (GrantAck ack : request.acks()) {
      acknowledge(region, aggregator, ack, heldByQuota.get(ack.quota()), sawOwnToken, now);
    }

    List<Grant> granted = new ArrayList<>(request.ruleDemand().size() + request.hotKeys().size());
    // Default shares first, so that hot keys reported in the same request see them up to date.
    Set<QuotaId> reportedRules = new HashSet<>();
    for (DemandReport report : request.ruleDemand()) {
      reportedRules.add(report.quota());
      answer(region, aggregator, report, heldByQuota.get(report.quota()), fresh, now).ifPresent(granted::add);
    }
    Set<String> reportedHot = new HashSet<>();
    for (DemandReport report : request.hotKeys()) {
      reportedHot.add(report.quota().asString());
      answer(region, aggregator, report, heldByQuota.get(report.quota()), fresh, now).ifPresent(granted::add);
    }
    initialAllowances(region, aggregator, reportedRules, heldByQuota, now, granted);

    Optional<String> document = config.revision() > request.configRevisionHeld() ? config.document() : Optional.empty();
    return new SyncResult.Answered(new RegionSyncResponse(ProtocolVersion.CURRENT, settings.coordinatorId(),
        fencingToken, config.revision(), document, granted, hotKeysElsewhere(reportedHot),
        nextSyncMillis(region, aggregator, granted, emptyHanded, now)));
  }

  /** Reports of a quota after which a region's demand estimate is taken as settled. */
  private static final int WARM_UP_REPORTS = 3;

  /**
   * The sync interval hint. While capacity is moving to or from this region (it holds more than
   * its new grant until it acknowledges the shrink, or its grant is held back until others do),
   * or a failover reservation is about to end, the region is asked back after a quarter interval:
   * revoke, then reassign takes three reports, so this cuts the time capacity sits idle in transit,
   * at the cost of a few extra syncs while shares move. A replica that was just granted a shrink
   * and is its region's only grant holder is asked back after a twentieth of an interval (the
   * shortest the aggregators honour): its next report is the acknowledgement that frees the
   * capacity, and it waited a quarter interval for nothing else (follow-the-sun: 97.9 → 98.1–98.2 %
   * over seeds 101–104, rule-change 97.6 → 97.8). Where other replicas of the region still apply an
   * older grant, one replica's acknowledgement frees nothing; asking each back that fast kept
   * steady-skewed's two-replica regions re-reporting at 20/s, 8 % more control messages, for nothing.
   * Hot keys keep the quarter interval: acknowledged fast, million-keys' false rejects rose from 6.0
   * to 7.4 % (seeds 101–103, utilisation −0.06; not traced: taking the hot keys' region demand per
   * edge like the rules' did not bring it back) for +0.1 point in hot-key.
   *
   * <p>A region that holds spare capacity of a quota (granted materially more than its demand:
   * headroom, or an initial allowance) while another region has demand for it is asked back every
   * half interval: capacity moves to a region whose demand surges only after each holder has
   * reported, been granted the shrink and acknowledged it, and the holders' next reports were up
   * to a whole interval away (flash-crowd: the crowd region waited 0.8 s at 8 of the 17 k/s free,
   * 98.4 → 98.6 %, seeds 101–104 +0.30; a quarter interval gave +0.57 for 2.5 times the extra
   * control messages). Where nobody else has demand there is no one to move it to.
   *
   * <p>A region whose demand exceeds its grant (it is held to its fair share of a saturated
   * limit) is asked back after a quarter interval when the reporting replica is its only grant
   * holder: capacity freed by a raised limit or by another region's falling demand reaches it
   * only at its next report (rule-change: ap-south reported 10 ms before the limit rose from 15 to
   * 40 k/s and waited 1.2 s at 5 of its 8 k/s). Seeds 101–104: rule-change +0.19, follow-the-sun
   * +0.16 (every seed up), ~1.3 % more control messages there. For regions with several replicas
   * it cost regional-faults 0.18 on every seed (+8 % control messages; not traced), so they keep the
   * whole interval, as for fast acknowledgements.
   *
   * <p>While a failover reservation holds, a replica that holds nothing (a brand-new cluster's,
   * typically) is asked back after a twentieth of an interval: it gets nothing until every expected
   * region has reported, and its next report after that is when it gets its initial allowance
   * (rule-change's cold start: eu-west's first grant 449 → 271 ms; seeds 101–104 +0.05 to +0.21 in
   * six scenarios, follow-the-sun −0.09). Replicas that hold grants keep the quarter interval.
   */
  private long nextSyncMillis(String region, String aggregator, List<Grant> granted, boolean emptyHanded,
      long now) {
    long interval = settings.syncInterval().toMillis();
    long soon = Math.max(1, interval / 4);
    long ack = Math.max(1, interval / 20);
    long spare = Math.max(1, interval / 2);
    if (gate != null && gate.reserving(now)) {
      return emptyHanded ? ack : soon;
    }
    long next = interval;
    for (Grant grant : granted) {
      QuotaPool pool = pools.get(grant.quota());
      RegionDemand demand = pool == null ? null : pool.regions.get(region);
      if (demand == null || demand.lastGrant == null) {
        continue;
      }
      long material = Math.max(1, pool.ledger.capacity().rate() / 100);
      long outstanding = pool.ledger.outstanding(region, now).rate();
      boolean shrinkUnacknowledged = outstanding - demand.lastGrant.rate() > material;
      boolean heldBack = demand.lastTargetRate - demand.lastGrant.rate() > material;
      // Another region waits for capacity this one holds beyond its fair share: come back soon
      // so that the shrink is granted and acknowledged in quarter intervals, not whole ones.
      boolean holdsWhatOthersWait = outstanding - demand.lastTargetRate > material && anyHeldBack(pool, region);
      // The first reports of a quota carry little of its real demand (traffic had just started),
      // and headroom granted on them must be taken back quickly once the real demand shows.
      boolean warmingUp = demand.reports() > 0 && demand.reports() < WARM_UP_REPORTS;
      // On its initial allowance in the pool's cold start: its first report of real demand is due.
      boolean firstReportDue = pool.kind == QuotaKind.AGGREGATE && !demand.reported() && coldStart(pool, now);
      if (shrinkUnacknowledged && pool.kind != QuotaKind.HOT_KEY && demand.soleGrantHolder(aggregator, now)) {
        return ack;
      }
      // Wants more than the limit lets it have: capacity that frees up (a limit raised, another
      // region's demand falling) reaches it only through its own next report.
      boolean wantsMore = pool.kind != QuotaKind.HOT_KEY
          && demand.demandRate(now, replicaStaleNanos()) - demand.lastGrant.rate() > material
          && demand.soleGrantHolder(aggregator, now);
      if (shrinkUnacknowledged || heldBack || holdsWhatOthersWait || warmingUp || firstReportDue || wantsMore) {
        next = soon;
      } else if (pool.kind != QuotaKind.HOT_KEY
          && demand.lastGrant.rate() - demand.demandRate(now, replicaStaleNanos()) > material
          && anyOtherDemand(pool, region, now)) {
        next = Math.min(next, spare);
      }
    }
    return next;
  }

  private boolean anyOtherDemand(QuotaPool pool, String except, long now) {
    for (Map.Entry<String, RegionDemand> e : pool.regions.entrySet()) {
      if (!e.getKey().equals(except) && e.getValue().demandRate(now, replicaStaleNanos()) > 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyHeldBack(QuotaPool pool, String except) {
    for (Map.Entry<String, RegionDemand> e : pool.regions.entrySet()) {
      if (!e.getKey().equals(except) && e.getValue().lastHeldBack) {
        return true;
      }
    }
    return false;
  }

  /** Forgets idle hot keys and removed rules whose grants have expired (also done by {@link #sync}). */
  public void expire() {
    lastHousekeepingNanos = Long.MIN_VALUE;
    housekeeping(clock.nanos());
  }

  private void housekeeping(long now) {
    if (lastHousekeepingNanos != Long.MIN_VALUE && now - lastHousekeepingNanos < HOUSEKEEPING_EVERY_NANOS) {
      return;
    }
    lastHousekeepingNanos = now;
    long livenessNanos = settings.regionLiveness().toNanos();
    lastSyncByRegion.values().removeIf(at -> now - at > livenessNanos);
    long idleNanos = settings.hotKeyIdle().toNanos();
    for (Iterator<QuotaPool> it = pools.values().iterator(); it.hasNext(); ) {
      QuotaPool pool = it.next();
      pool.ledger.expire(now);
      boolean idleHotKey = pool.id.isAggregate() ? false : now - pool.lastActivityNanos >= idleNanos;
      if ((pool.retired || idleHotKey) && now >= pool.liveUntilNanos) {
        it.remove();
        if (!pool.id.isAggregate()) {
          LinkedHashMap<String, QuotaPool> siblings = hotKeys.get(aggregateOf(pool.id));
          if (siblings != null && siblings.remove(pool.id.key()) != null) {
            hotKeyCount--;
            hotKeysExpired++;
            if (siblings.isEmpty()) {
              hotKeys.remove(aggregateOf(pool.id));
            }
          }
        }
      }
    }
  }

  private boolean freshSequence(String aggregatorId, long seq) {
    Long last = lastSeqByAggregator.put(aggregatorId, seq);
    // Only an exact repeat is a retry: a lower number is a restarted aggregator process.
    return last == null || last != seq;
  }

  private void seedPrevious(String region, io.leasehold.model.message.HeldGrant held, long now) {
    QuotaRule rule = rules.get(held.quota().ruleId());
    QuotaKind kind = kindOf(rule, held.quota());
    if (kind == null) {
      return;
    }
    QuotaPool pool = poolFor(held.quota(), kind, rule, now);
    if (pool == null) {
      return;
    }
    long remainingNanos = Units.millisToNanos(held.remainingTtlMillis());
    // An expired grant is not in use any more (only its floor is), and counting it as held would
    // let the region be granted it again without free capacity.
    RateBurst amount = remainingNanos == 0 ? RateBurst.ZERO
        : new RateBurst(Units.microRateToMilliCeil(held.microTokensPerSecond()), Units.tokensToMilli(held.burst()));
    pool.ledger.seedHeld(region, new HeldGrant(amount, floorAmount(pool, rule, region), remainingNanos), now);
    pool.extendLive(saturatingPlus(saturatingPlus(now, remainingNanos), ledgerSettings.safetyMarginNanos()));
    heldSeeded++;
    if (kind == QuotaKind.DEFAULT_SHARE) {
      reseedHotKeys(pool, region, pool.ledger.outstanding(region, now), now);
    }
  }

  /**
   * An acknowledgement carries no fencing token, so an epoch of a previous leader could pass for
   * one of ours. It is trusted only when the region has seen our token, and, when it says which
   * grant it holds for the quota, that grant is ours.
   */
  private void acknowledge(String region, String aggregator, GrantAck ack,
      io.leasehold.model.message.HeldGrant held, boolean sawOwnToken, long now) {
    QuotaPool pool = pools.get(ack.quota());
    if (pool == null || !sawOwnToken || (held != null && held.fencingToken() != fencingToken)) {
      acksIgnored++;
      return;
    }
    RegionDemand demand = pool.regions.get(region);
    long liveUntil = demand == null ? RegionDemand.NEVER : demand.liveUntil(ack.epoch());
    if (pool.toLedgerEpoch(ack.epoch()) <= 0 || liveUntil == RegionDemand.NEVER) {
      acksIgnored++;
      return;
    }
    demand.acknowledged(aggregator, ack.epoch());
    // The region's replicas share its bucket: a grant is released only once every replica has moved past it.
    long regionEpoch = demand.regionAck(now, replicaStaleNanos());
    AckOutcome outcome = regionEpoch == 0 ? AckOutcome.STALE
        : pool.ledger.onAck(region, pool.toLedgerEpoch(regionEpoch), now);
    if (outcome == AckOutcome.ACCEPTED) {
      acksAccepted++;
      pool.acknowledged.add(region);
      long regionLiveUntil = demand.liveUntil(regionEpoch);
      if (pool.kind == QuotaKind.HOT_KEY && regionLiveUntil != RegionDemand.NEVER) {
        pool.markOnKeyGrant(region, regionLiveUntil);
      }
    } else {
      acksIgnored++;
    }
  }

  /** A replica silent for three sync intervals no longer counts towards its region's demand. */
  private long replicaStaleNanos() {
    return 3 * settings.syncInterval().toNanos();
  }

  /**
   * Cold start. A region's first grant of a quota would otherwise wait for a report showing
   * traffic (one sync interval), and a rule without floors admits nothing until then. Every
   * region that syncs therefore gets, for every rule aggregate it has never reported, its share
   * of the capacity as an idle child (headroom by weight, at most an equal share of the limit);
   * the ledger grants it only from capacity nobody holds, and takes it back by revoke, then
   * reassign, as soon as regions with demand need it.
   */
  private void initialAllowances(String region, String aggregator, Set<QuotaId> reported,
      Map<QuotaId, io.leasehold.model.message.HeldGrant> heldByQuota, long now, List<Grant> granted) {
    if (gate != null && gate.reserving(now)) {
      return; // regions keep what they provably hold until the previous leader's grants are gone
    }
    for (QuotaRule rule : config.rules()) {
      for (int limit = 0; limit < rule.limits().size(); limit++) {
        QuotaId quota = QuotaId.aggregate(rule.id(), limit);
        if (granted.size() >= MessageLimits.MAX_LIST_SIZE) {
          return;
        }
        if (reported.contains(quota) || kindOf(rule, quota) != QuotaKind.AGGREGATE) {
          continue;
        }
        QuotaPool pool = pools.get(quota);
        RegionDemand demand = pool == null ? null : pool.regions.get(region);
        if (demand != null && demand.reported()) {
          continue; // a region that stopped reporting keeps what it holds until it expires
        }
        pool = pool == null ? poolFor(quota, QuotaKind.AGGREGATE, rule, now) : pool;
        if (pool != null && !pool.retired) {
          granted.add(grant(pool, rule, region, aggregator, heldByQuota.get(quota), now));
        }
      }
    }
  }

  private Optional<Grant> answer(String region, String aggregator, DemandReport report,
      io.leasehold.model.message.HeldGrant held, boolean fresh, long now) {
    QuotaId quota = report.quota();
    QuotaRule rule = rules.get(quota.ruleId());
    QuotaKind kind = kindOf(rule, quota);
    if (kind == null) {
      return Optional.empty();
    }
    boolean activity = report.consumed() > 0 || report.denied() > 0 || report.demandMicroTokensPerSecond() > 0;
    QuotaPool pool = pools.get(quota);
    if (pool == null && kind == QuotaKind.HOT_KEY && !activity) {
      return Optional.empty(); // a cooled key listed to nobody: the region returns to its default share
    }
    if (pool == null) {
      pool = poolFor(quota, kind, rule, now);
      if (pool == null) {
        return Optional.empty();
      }
    }
    if (pool.retired) {
      return Optional.empty();
    }
    pool.region(region).observe(aggregator, report, fresh, now, settings.syncInterval().toNanos(), estimator,
        replicaStaleNanos());
    if (activity) {
      pool.lastActivityNanos = now;
    }
    return Optional.of(grant(pool, rule, region, aggregator, held, now));
  }

  private Grant grant(QuotaPool pool, QuotaRule rule, String region, String aggregator,
      io.leasehold.model.message.HeldGrant held, long now) {
    if (pool.kind == QuotaKind.HOT_KEY) {
      // While a previous leader's grants may be outstanding, a region keeps only what it reports
      // holding: its default share may not be in use yet (an expired key grant's floor applies
      // until the region forgets it), and granting it now could meet an old grant we do not know.
      boolean reserving = gate != null && gate.reserving(now);
      if (!reserving && !pool.onKeyGrant(region, now) && pool.shareSeeded.add(region)) {
        // The region switches from its default share to this key's grant once it receives it:
        // until it acknowledges, it holds whichever is larger.
        RateBurst share = defaultShareInUse(pool, rule, region, now);
        if (!share.equals(RateBurst.ZERO)) {
          pool.ledger.seedHeld(region, new HeldGrant(RateBurst.ZERO, share, 0), now);
        }
      }
      pool.ledger.setCapacity(hotKeyCapacity(pool, rule, now));
    }
    ChildTarget target = targets(pool, rule, now).get(region);
    RateBurst wanted = new RateBurst(target.rate(), target.burst());
    RegionDemand known = pool.regions.get(region);
    if (pool.kind == QuotaKind.AGGREGATE && (known == null || !known.reported())) {
      wanted = Units.min(wanted, equalShare(pool.ledger.capacity(), regionsOf(rule).size()));
    }
    RateBurst limit = Units.min(strictLimit(pool, region, now), wanted);
    if (gate != null && gate.reserving(now)) {
      limit = Units.min(limit, provablyInUse(pool, rule, region, held));
    }
    if (pool.kind == QuotaKind.DEFAULT_SHARE) {
      RateBurst shareLimit = defaultShareLimit(pool, region, now);
      limit = shareLimit == null ? limit : Units.min(limit, shareLimit);
    }
    long demandRate = limit.rate();
    RateBurst before = pool.ledger.outstanding(region, now);
    GrantDecision decision =
        pool.ledger.rebalance(Map.of(region, new ChildDemand(demandRate, floorOf(pool, rule, region), 1, 0)), now)
            .get(0);
    io.leasehold.model.alloc.Grant issued = decision.grant();
    RateBurst sent = Units.min(issued.amount(), limit);
    long floorRate = Math.min(issued.floorRate(), sent.rate());
    long wireEpoch = pool.toWireEpoch(issued.epoch());
    epochHighWater = Math.max(epochHighWater, wireEpoch);
    pool.extendLive(saturatingPlus(now, ledgerSettings.outstandingNanos()));
    boolean heldBack = sent.rate() < wanted.rate() || sent.burst() < wanted.burst();
    pool.region(region).granted(aggregator, sent, wireEpoch, wanted.rate(), heldBack,
        saturatingPlus(now, ledgerSettings.outstandingNanos()));
    grants++;
    rebalances++;
    if (heldBack) {
      grantsHeldBack++;
    }
    if (pool.kind == QuotaKind.DEFAULT_SHARE) {
      reseedHotKeys(pool, region, before.max(sent), now);
    }
    return new Grant(pool.id, region, Units.milliRateToMicro(sent.rate()), Units.milliToTokensFloor(sent.burst()),
        wireEpoch, Units.nanosToMillisFloor(ledgerSettings.ttlNanos()), fencingToken,
        Units.milliRateToMicro(floorRate));
  }

  /**
   * While a previous leader's grants may be outstanding, what a region provably may be using for
   * this quota, from its own report: the grant it holds while that is live; once expired, that
   * grant's floor (at most its amount); with none, its configured floor. Granting no more than this
   * keeps what regions really use within what the previous leader had committed.
   */
  private RateBurst provablyInUse(QuotaPool pool, QuotaRule rule, String region,
      io.leasehold.model.message.HeldGrant held) {
    RateBurst floor = floorAmount(pool, rule, region);
    if (held == null || held.fencingToken() > fencingToken) {
      return floor;
    }
    RateBurst amount = new RateBurst(Math.min(RateBurst.MAX_AMOUNT, held.microTokensPerSecond() / Units.MICRO_PER_MILLI),
        Units.tokensToMilli(held.burst()));
    return held.remainingTtlMillis() > 0 ? amount : Units.min(floor, amount);
  }

  /**
   * The most a region may be granted now: the capacity minus what every other region may still
   * be using. The ledger lets a region keep what it holds even when the holdings exceed the
   * capacity (after it was lowered: a rule change, or a hot key's capacity shrinking when a
   * region may return to its default share); holding every new grant to this bound makes the
   * grants issued after such a decrease fit the new capacity together, so the excess lasts no
   * longer than the grants issued before it. A previous leader's unattributed reservation is left
   * out: regions keep what they report holding across a failover.
   */
  private RateBurst strictLimit(QuotaPool pool, String region, long now) {
    RateBurst others = RateBurst.ZERO;
    for (String child : pool.ledger.children()) {
      if (!child.equals(region)) {
        others = Units.saturatingPlus(others, pool.ledger.outstanding(child, now));
      }
    }
    return Units.monus(pool.ledger.capacity(), others);
  }

  /**
   * Every region's fair share of the quota. Aggregates and hot keys: max-min by demand over the
   * live regions, after what silent regions still hold. Default shares: over every known region
   * (a region uses its share for every non-hot key, whether it reported lately or not).
   */
  private SortedMap<String, ChildTarget> targets(QuotaPool pool, QuotaRule rule, long now) {
    int limitIndex = pool.id.limitIndex();
    RateBurst capacity = pool.ledger.capacity();
    TreeMap<String, ChildDemand> children = new TreeMap<>();
    RateBurst reserved = RateBurst.ZERO;
    if (pool.kind == QuotaKind.DEFAULT_SHARE) {
      TreeSet<String> regions = regionsOf(rule);
      regions.addAll(pool.regions.keySet());
      regions.addAll(pool.ledger.children());
      long traffic = 0;
      for (RegionDemand demand : pool.regions.values()) {
        traffic = Math.min(RateBurst.MAX_AMOUNT, traffic + demand.smoothedRate(now, replicaStaleNanos()));
      }
      for (String region : regions) {
        RegionDemand demand = pool.regions.get(region);
        int weight = switch (rule.defaultShare()) {
          case EQUAL -> QuotaRule.WEIGHT_SCALE;
          case WEIGHTS -> rule.weight(region);
          case TRAFFIC -> trafficWeight(demand == null ? 0 : demand.smoothedRate(now, replicaStaleNanos()), traffic);
        };
        children.put(region, new ChildDemand(capacity.rate(), rule.floor(region, limitIndex).rate(), weight, 0));
      }
    } else {
      long liveness = settings.regionLiveness().toNanos();
      for (Map.Entry<String, RegionDemand> e : pool.regions.entrySet()) {
        if (e.getValue().liveAt(now, liveness)) {
          children.put(e.getKey(), new ChildDemand(e.getValue().demandRate(now, replicaStaleNanos()),
              floorOf(pool, rule, e.getKey()), rule.weight(e.getKey()), rule.priority()));
        }
      }
      if (pool.kind == QuotaKind.AGGREGATE) {
        // Regions that sync but never reported this quota take part as idle children: they get
        // their initial allowance from the headroom only (see initialAllowances). In the pool's
        // cold start, every region of the rule that has not reported yet is reserved an equal
        // share instead: the first region to report would otherwise be granted the whole pool,
        // and the regions reporting a moment later would wait for it to be revoked (coldStart).
        boolean coldStart = coldStart(pool, now);
        long reservation = coldStart ? equalShare(capacity, regionsOf(rule).size()).rate() : 0;
        Set<String> idle = new TreeSet<>();
        for (Map.Entry<String, Long> e : lastSyncByRegion.entrySet()) {
          if (now - e.getValue() <= liveness) {
            idle.add(e.getKey());
          }
        }
        if (coldStart) {
          idle.addAll(regionsOf(rule));
        }
        for (String region : idle) {
          RegionDemand demand = pool.regions.get(region);
          if (demand == null || !demand.reported()) {
            children.put(region, new ChildDemand(reservation, floorOf(pool, rule, region),
                rule.weight(region), rule.priority()));
          }
        }
      }
      for (String child : pool.ledger.children()) {
        if (!children.containsKey(child)) {
          reserved = Units.saturatingPlus(reserved, pool.ledger.outstanding(child, now));
        }
      }
    }
    return FairShare.allocate(Units.monus(capacity, reserved), children, AllocationPolicy.DEFAULT).targets();
  }

  /**
   * The floor a region falls back to for this quota. For a hot key it is capped at the region's
   * static default share: a region on its hot-key floor while the others are back on their default
   * shares must still fit in the limit.
   */
  private long floorOf(QuotaPool pool, QuotaRule rule, String region) {
    return floorAmount(pool, rule, region).rate();
  }

  private RateBurst floorAmount(QuotaPool pool, QuotaRule rule, String region) {
    RateBurst floor = rule.floor(region, pool.id.limitIndex());
    if (pool.kind == QuotaKind.HOT_KEY && rule.defaultShare() != DefaultShare.TRAFFIC) {
      floor = Units.min(floor, staticShare(rule, region, pool.id.limitIndex()));
    }
    return floor;
  }

  /**
   * The first sync interval of a pool this leader made. Aggregators report a rule only once they
   * have watched its traffic for an edge sync interval (a report made in the first milliseconds
   * would show almost none of it), and regions still on their initial allowance are asked back
   * after a quarter interval, so every region with traffic has reported real demand by its end.
   */
  private boolean coldStart(QuotaPool pool, long now) {
    return now - pool.createdNanos < settings.syncInterval().toNanos();
  }

  /** {@code capacity / regions}, rounded down (an initial allowance). */
  private static RateBurst equalShare(RateBurst capacity, int regions) {
    int n = Math.max(1, regions);
    return new RateBurst(capacity.rate() / n, capacity.burst() / n);
  }

  private static int trafficWeight(long regionRate, long totalRate) {
    if (totalRate == 0) {
      return QuotaRule.WEIGHT_SCALE;
    }
    double share = regionRate / (double) totalRate;
    return (int) Math.max(ChildDemand.MIN_WEIGHT, Math.min(ChildDemand.MAX_WEIGHT, Math.floor(share * 1_000_000)));
  }

  /**
   * The most a region's default share may be now: for every hot key of the rule on which the
   * region may still apply its default share, what the key already counts for it plus what the
   * key has free.
   */
  private RateBurst defaultShareLimit(QuotaPool sharePool, String region, long now) {
    LinkedHashMap<String, QuotaPool> hot = hotKeys.get(sharePool.id);
    QuotaRule rule = rules.get(sharePool.id.ruleId());
    if (hot == null || rule == null) {
      return null;
    }
    RateBurst limit = null;
    for (QuotaPool key : hot.values()) {
      if (key.onKeyGrant(region, now)) {
        continue;
      }
      RateBurst free = Units.monus(hotKeyCapacity(key, rule, now), key.ledger.outstandingTotal(now));
      RateBurst counted = key.shareSeeded.contains(region)
          ? key.ledger.outstanding(region, now)
          : defaultShareInUse(key, rule, region, now);
      RateBurst allowed = Units.saturatingPlus(counted, free);
      limit = limit == null ? allowed : Units.min(limit, allowed);
    }
    return limit;
  }

  /** Raises what the region's seeded default share counts for in every hot key of the rule. */
  private void reseedHotKeys(QuotaPool sharePool, String region, RateBurst share, long now) {
    LinkedHashMap<String, QuotaPool> hot = hotKeys.get(sharePool.id);
    if (hot == null || share.equals(RateBurst.ZERO)) {
      return;
    }
    for (QuotaPool key : hot.values()) {
      if (key.shareSeeded.contains(region)) {
        key.ledger.seedHeld(region, new HeldGrant(RateBurst.ZERO, share, 0), now);
      }
    }
  }

  /**
   * A hot key's capacity for its ledger: the limit minus the default share of every region that
   * may still apply it to this key (neither known to be on a key grant nor seeded).
   */
  private RateBurst hotKeyCapacity(QuotaPool hotPool, QuotaRule rule, long now) {
    RateBurst reserved = RateBurst.ZERO;
    for (String region : shareRegions(hotPool, rule)) {
      if (!hotPool.onKeyGrant(region, now) && !hotPool.shareSeeded.contains(region)) {
        reserved = Units.saturatingPlus(reserved, defaultShareInUse(hotPool, rule, region, now));
      }
    }
    return Units.monus(hotPool.limit, reserved);
  }

  private TreeSet<String> shareRegions(QuotaPool hotPool, QuotaRule rule) {
    TreeSet<String> regions = regionsOf(rule);
    QuotaPool sharePool = pools.get(aggregateOf(hotPool.id));
    if (sharePool != null) {
      regions.addAll(sharePool.ledger.children());
    }
    return regions;
  }

  /**
   * What a region may be admitting per non-hot key of the rule, besides its floor: for
   * {@code equal} and {@code weights}, the share an aggregator derives from the rules and the
   * deployment's region list on its own; for {@code traffic}, its default-share grant. This value
   * is also what the region keeps when it switches to the key's grant, so it must never exceed
   * what the region can really use.
   */
  private RateBurst defaultShareInUse(QuotaPool hotPool, QuotaRule rule, String region, long now) {
    int limitIndex = hotPool.id.limitIndex();
    RateBurst share = rule.floor(region, limitIndex);
    if (rule.defaultShare() != DefaultShare.TRAFFIC) {
      return share.max(staticShare(rule, region, limitIndex));
    }
    QuotaPool sharePool = pools.get(aggregateOf(hotPool.id));
    return sharePool == null ? share : share.max(sharePool.ledger.outstanding(region, now));
  }

  /** The share an aggregator computes from the rules alone ({@code equal}, {@code weights}). */
  private RateBurst staticShare(QuotaRule rule, String region, int limitIndex) {
    StaticShareKey key = new StaticShareKey(rule.id(), region, limitIndex);
    RateBurst share = staticShares.get(key);
    if (share == null) {
      if (staticShares.size() >= MAX_STATIC_SHARES) {
        staticShares.clear();
      }
      share = computeStaticShare(rule, region, limitIndex);
      staticShares.put(key, share);
    }
    return share;
  }

  private record StaticShareKey(String ruleId, String region, int limitIndex) {}

  private RateBurst computeStaticShare(QuotaRule rule, String region, int limitIndex) {
    java.math.BigDecimal fraction;
    if (rule.defaultShare() == DefaultShare.WEIGHTS) {
      java.math.BigDecimal total = rule.regionWeights().values().stream()
          .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
      // Regions without a weight get no share (the aggregators' reading of key_region_share: weights).
      java.math.BigDecimal mine = rule.regionWeights().getOrDefault(region, java.math.BigDecimal.ZERO);
      if (total.signum() == 0) {
        return RateBurst.ZERO;
      }
      fraction = mine.divide(total, 18, java.math.RoundingMode.CEILING);
    } else {
      TreeSet<String> regions = new TreeSet<>(settings.expectedRegions());
      if (regions.isEmpty()) {
        regions.addAll(rule.regionFloors().keySet());
        regions.addAll(rule.regionWeights().keySet());
        regions.add(region);
      }
      fraction = java.math.BigDecimal.ONE.divide(java.math.BigDecimal.valueOf(regions.size()), 18,
          java.math.RoundingMode.CEILING);
    }
    RateBurst limit = rule.limits().get(limitIndex);
    long rate = java.math.BigDecimal.valueOf(limit.rate()).multiply(fraction)
        .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    long burst = java.math.BigDecimal.valueOf(limit.burst()).multiply(fraction)
        .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    return new RateBurst(Math.min(rate, limit.rate()), Math.min(burst, limit.burst()));
  }

  private QuotaPool poolFor(QuotaId quota, QuotaKind kind, QuotaRule rule, long now) {
    QuotaPool existing = pools.get(quota);
    if (existing != null) {
      return existing;
    }
    if (kind == QuotaKind.HOT_KEY && hotKeyCount >= settings.maxHotKeys()) {
      return null; // over the bound the key keeps its default share: safe, only less precise
    }
    RateBurst capacity = rule.limits().get(quota.limitIndex());
    QuotaPool pool = new QuotaPool(quota, kind, capacity, ledgerSettings, epochHighWater, now);
    if (gate != null && gate.reserving(now)) {
      pool.ledger.assumeOutstandingUntil(capacity, gate.reserveUntilNanos());
    }
    // A region may be on its floor right now (its grant expired, or it never had one). For a hot
    // key, the default share it may be on (≥ its floor) is taken off the capacity instead.
    for (String region : kind == QuotaKind.HOT_KEY ? new TreeSet<String>() : regionsOf(rule)) {
      RateBurst floor = rule.floor(region, quota.limitIndex());
      if (!floor.equals(RateBurst.ZERO)) {
        pool.ledger.seedHeld(region, new HeldGrant(RateBurst.ZERO, floor, 0), now);
      }
    }
    pools.put(quota, pool);
    if (kind == QuotaKind.HOT_KEY) {
      hotKeys.computeIfAbsent(aggregateOf(quota), k -> new LinkedHashMap<>()).put(quota.key(), pool);
      hotKeyCount++;
      hotKeysCreated++;
      pool.ledger.setCapacity(hotKeyCapacity(pool, rule, now));
    }
    return pool;
  }

  private List<QuotaId> hotKeysElsewhere(Set<String> reportedHere) {
    List<QuotaId> listed = new ArrayList<>();
    for (LinkedHashMap<String, QuotaPool> siblings : hotKeys.values()) {
      for (QuotaPool pool : siblings.values()) {
        if (!pool.retired && !reportedHere.contains(pool.id.asString())) {
          listed.add(pool.id);
          if (listed.size() == MessageLimits.MAX_LIST_SIZE) {
            return listed;
          }
        }
      }
    }
    return listed;
  }

  private TreeSet<String> regionsOf(QuotaRule rule) {
    TreeSet<String> regions = new TreeSet<>(settings.expectedRegions());
    regions.addAll(seenRegions);
    regions.addAll(rule.regionFloors().keySet());
    regions.addAll(rule.regionWeights().keySet());
    return regions;
  }

  private static QuotaKind kindOf(QuotaRule rule, QuotaId quota) {
    if (rule == null || quota.limitIndex() >= rule.limits().size()) {
      return null;
    }
    if (quota.isAggregate()) {
      return rule.perKey() ? QuotaKind.DEFAULT_SHARE : QuotaKind.AGGREGATE;
    }
    return rule.perKey() ? QuotaKind.HOT_KEY : null;
  }

  private static QuotaId aggregateOf(QuotaId quota) {
    return QuotaId.aggregate(quota.ruleId(), quota.limitIndex());
  }

  // ---- views ----

  /** Every managed quota (aggregates and default shares first, then hot keys), for the admin API. */
  public List<QuotaView> allocations() {
    long now = clock.nanos();
    List<QuotaView> views = new ArrayList<>(pools.size());
    for (QuotaPool pool : pools.values()) {
      views.add(view(pool, now));
    }
    views.sort((a, b) -> {
      int byKind = Boolean.compare(!a.quota().isAggregate(), !b.quota().isAggregate());
      return byKind != 0 ? byKind : a.quota().asString().compareTo(b.quota().asString());
    });
    return Collections.unmodifiableList(views);
  }

  /** The managed quotas of rule {@code ruleId} for {@code key} (every limit); empty when none is managed. */
  public List<QuotaView> quota(String ruleId, String key) {
    long now = clock.nanos();
    List<QuotaView> views = new ArrayList<>();
    QuotaRule rule = rules.get(ruleId);
    int limits = rule == null ? MessageLimits.MAX_LIMIT_INDEX + 1 : rule.limits().size();
    for (int i = 0; i < limits; i++) {
      QuotaPool pool = pools.get(new QuotaId(ruleId, i, key));
      if (pool != null) {
        views.add(view(pool, now));
      }
    }
    return views;
  }

  public Optional<QuotaRule> rule(String ruleId) {
    return Optional.ofNullable(rules.get(ruleId));
  }

  public PoolStats stats() {
    return new PoolStats(syncs, grants, grantsHeldBack, rebalances, acksAccepted, acksIgnored, refusedNotLeader,
        refusedDeposed, heldSeeded, hotKeysCreated, hotKeysExpired, pools.size(), hotKeyCount);
  }

  private QuotaView view(QuotaPool pool, long now) {
    TreeSet<String> regions = new TreeSet<>(pool.regions.keySet());
    regions.addAll(pool.ledger.children());
    List<RegionView> regionViews = new ArrayList<>(regions.size());
    for (String region : regions) {
      RegionDemand demand = pool.regions.get(region);
      regionViews.add(new RegionView(region,
          demand == null ? 0 : demand.demandRate(now, replicaStaleNanos()),
          demand == null ? 0 : demand.smoothedRate(now, replicaStaleNanos()),
          demand == null ? 0 : demand.lastTargetRate,
          demand == null ? Optional.empty() : Optional.ofNullable(demand.lastGrant),
          demand == null ? 0 : demand.lastWireEpoch,
          pool.ledger.outstanding(region, now),
          pool.acknowledged.contains(region),
          demand != null && demand.lastHeldBack,
          demand == null || demand.lastReportNanos() == RegionDemand.NEVER
              ? -1 : Units.nanosToMillisFloor(now - demand.lastReportNanos())));
    }
    return new QuotaView(pool.id, pool.kind, pool.ledger.capacity(), pool.ledger.outstandingTotal(now),
        gate != null && gate.reserving(now), pool.retired,
        Units.nanosToMillisFloor(Math.max(0, now - pool.lastActivityNanos)), regionViews);
  }

  private static long saturatingPlus(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
