package io.leasehold.edge.core;

import io.leasehold.edge.DecisionReason;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.edge.EdgeStats;
import io.leasehold.edge.LimitPolicy;
import io.leasehold.edge.QuotaView;
import io.leasehold.edge.SyncResult;
import io.leasehold.edge.SyncRound;
import io.leasehold.model.QuotaId;
import io.leasehold.model.bucket.Decision;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.MessageLimits;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.StarterCap;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.time.Clock;
import io.leasehold.model.time.DueQueue;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * The edge core: a bounded table of (rule, key) entries, each holding one leased token bucket per
 * limit, decided from memory only (DESIGN.md invariant 1).
 *
 * <p>The table is a flat {@link LeaseTable} bounded by size and idle time (invariant 6), on the
 * injected {@link Clock}, so eviction is deterministic under a manual clock. An entry leaving the
 * table gives its leased tokens back and its usage is reported at the next sync.
 *
 * <p>A decision first tries the table's fast path: when every matched entry's slot is armed (all
 * its limits are live leases above their low-water marks), the request is decided from those slots
 * alone. Anything else takes the full path through the entries' {@link LimitState}s, which arms
 * the slots again afterwards.
 */
public final class LeaseTableLimiter implements EdgeLimiter {
  private static final ThreadLocal<DecideScratch> SCRATCH = ThreadLocal.withInitial(DecideScratch::new);

  private final EdgeSettings settings;
  private final Clock clock;
  private final Tuning tuning;
  private final LeaseTable table;
  private final boolean fastPath;
  private final AtomicLong nextOrder = new AtomicLong();
  private final LongAdder evictions = new LongAdder();
  private final java.util.List<DirtyLog> dirtyLogs = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ThreadLocal<DirtyLog> dirtyLog = ThreadLocal.withInitial(() -> {
    DirtyLog log = new DirtyLog();
    dirtyLogs.add(log);
    return log;
  });
  /** The one log when {@link DecidingThreads#ONE_AT_A_TIME}; null when each thread keeps its own. */
  private final DirtyLog sharedLog;
  private final ConcurrentLinkedQueue<QuotaReport> leftTable = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean earlySyncSignalled = new AtomicBoolean();
  /** A quota asked for an early sync that has not been signalled yet (the gap had not passed). */
  private volatile boolean earlySyncPending;
  /** Sequence number of the round in flight; 0 when none. */
  private volatile long roundInFlight;
  private volatile long lastRoundStartNanos;
  private volatile Runnable earlySyncListener;
  private volatile ActiveConfig config;
  private volatile boolean parentAvailable = true;

  // Sync thread only.
  private ReportBatch carry = new ReportBatch();
  /** The batch the last round was gathered in, emptied: the next round's carry (sync thread only). */
  private ReportBatch spareBatch = new ReportBatch();
  /** Leased entries by their earliest lease expiry (their filing is sync-thread state). */
  private final DueQueue<KeyState> expiries = new DueQueue<>();
  private long seq;
  private long lastAnsweredSeq;
  /** The starter caps last applied, and to which config: applied again only when either changes. */
  private List<StarterCap> starterCaps = List.of();
  private ActiveConfig starterCapsConfig;
  private long rejectedRevision = -1;
  private final RandomGenerator hashSeeds;

  public LeaseTableLimiter(EdgeSettings settings, RuleSet rules, long revision, Clock clock) {
    this(settings, rules, revision, clock, new SecureRandom(), true, DecidingThreads.CONCURRENT);
  }

  /**
   * A core whose key hashes are seeded from {@code hashSeeds} instead of a {@link SecureRandom}.
   * The seeds are secret in production (a client that could predict them could make its keys
   * collide in the table); a simulation passes a generator seeded from its scenario, because the
   * table's layout decides the order in which the idle sweep reports keys, and with it the run.
   * Drawn from when rules are loaded: by the constructor and the sync thread.
   */
  public LeaseTableLimiter(EdgeSettings settings, RuleSet rules, long revision, Clock clock,
      RandomGenerator hashSeeds) {
    this(settings, rules, revision, clock, hashSeeds, true, DecidingThreads.CONCURRENT);
  }

  /**
   * As above, for a caller that decides on {@code deciders}: a simulator moving an edge between
   * threads at its barriers passes {@link DecidingThreads#ONE_AT_A_TIME}, so the order in which
   * touched keys are reported does not depend on which thread decided them.
   */
  public LeaseTableLimiter(EdgeSettings settings, RuleSet rules, long revision, Clock clock,
      RandomGenerator hashSeeds, DecidingThreads deciders) {
    this(settings, rules, revision, clock, hashSeeds, true, deciders);
  }

  /** {@code fastPath} false decides every request through the limit states: the reference the fast path is tested against. */
  LeaseTableLimiter(EdgeSettings settings, RuleSet rules, long revision, Clock clock, boolean fastPath) {
    this(settings, rules, revision, clock, new SecureRandom(), fastPath, DecidingThreads.CONCURRENT);
  }

  private LeaseTableLimiter(EdgeSettings settings, RuleSet rules, long revision, Clock clock,
      RandomGenerator hashSeeds, boolean fastPath, DecidingThreads deciders) {
    if (Objects.requireNonNull(deciders, "deciders") == DecidingThreads.ONE_AT_A_TIME) {
      sharedLog = new DirtyLog();
      dirtyLogs.add(sharedLog);
    } else {
      sharedLog = null;
    }
    this.hashSeeds = Objects.requireNonNull(hashSeeds, "hashSeeds");
    this.fastPath = fastPath;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tuning = new Tuning(settings);
    this.config = new ActiveConfig(Objects.requireNonNull(rules, "rules"), revision, settings.standalone(), null,
        hashSeeds);
    this.lastRoundStartNanos = clock.nanos() - tuning.earlySyncGapNanos;
    this.table = new LeaseTable(settings.maxKeys(), settings.idleExpiry().toNanos(), this::leaveTable);
  }

  @Override
  public EdgeDecision decide(RequestView request, long cost, boolean mayWait, EdgeDecision out) {
    return decide(request, cost, mayWait ? WaitMode.MAY_WAIT : WaitMode.NO_WAIT, out);
  }

  @Override
  public EdgeDecision decideHeld(RequestView request, long cost, boolean mayWait, EdgeDecision out) {
    return decide(request, cost, mayWait ? WaitMode.HELD : WaitMode.HELD_EXPIRED, out);
  }

  private EdgeDecision decide(RequestView request, long cost, int waitMode, EdgeDecision out) {
    long now = clock.nanos();
    ActiveConfig cfg = config;
    DecideScratch s = SCRATCH.get();
    try {
      cfg.matcher.match(request, s);
      if (s.count == 0) {
        return out.set(EdgeDecision.Outcome.ALLOWED, DecisionReason.NO_MATCH, null, 0, 0, 0, now, 0, 0, null);
      }
      if (fastPath && decideLeased(request, cost, cfg, s, now, out)) {
        if (earlySyncPending) {
          signalEarlySyncIfDue(now);
        }
        return out;
      }
      boolean parentUp = parentAvailable;
      gatherAndLock(request, cost, cfg, s, now, parentUp);
      boolean wantSync;
      try {
        wantSync = evaluate(s, now, waitMode, parentUp, out);
      } finally {
        for (int i = 0; i < s.entryCount; i++) {
          table.unlockDecided(s.entries[i], now);
        }
      }
      DirtyLog log = null;
      for (int i = 0; i < s.entryCount; i++) {
        if (s.touched[i]) {
          (log == null ? log = touchedLog() : log).add(s.entries[i]);
        }
      }
      if (wantSync) {
        earlySyncPending = true;
      }
      if (earlySyncPending) {
        signalEarlySyncIfDue(now);
      }
      return out;
    } finally {
      s.clear();
    }
  }

  /**
   * The fast path: decides from the table's armed slots alone when every matched rule's entry has
   * one that admits the request; false (nothing changed) sends the request down the full path.
   * Exactly what the full path would decide: an armed slot holds the live lease's token count and
   * the floor (low-water mark) below which the full path has something to signal.
   */
  private boolean decideLeased(RequestView request, long cost, ActiveConfig cfg, DecideScratch s, long now,
      EdgeDecision out) {
    LeaseTable.Slab slab = table.slab();
    for (int i = 0; i < s.count; i++) {
      RuleRuntime rt = cfg.runtime(s.rules[i].id());
      if (rt == null) {
        continue;
      }
      if (rt.local || rt.shadow || rt.limits.length > LeaseTable.MAX_FAST_LIMITS) {
        return false;
      }
      long c = cost >= 0 ? cost : rt.rule.cost().of(request);
      if (c <= 0) {
        return false; // a zero cost reports the full bucket's reset; the full path knows the bucket
      }
      KeyHash h = s.hash.of(rt, rt.constantKey ? QuotaId.AGGREGATE_KEY : s.keys[i]);
      int slot = LeaseTable.find(slab, h.lo, h.hi);
      if (slot < 0) {
        return false;
      }
      s.addLeased(rt, slot, c, h);
    }
    int n = s.leasedCount;
    if (n == 0) {
      return false;
    }
    // One slot may be waited for; with more, a busy one sends the request down the full path, which
    // locks in the global entry order (so the two paths cannot deadlock each other).
    int locked = 0;
    boolean admits = true;
    while (locked < n) {
      int slot = s.slots[locked];
      if (!(n == 1 ? LeaseTable.lock(slab, slot) : LeaseTable.tryLock(slab, slot))) {
        admits = false;
        break;
      }
      locked++;
    }
    for (int k = 0; admits && k < n; k++) {
      int slot = s.slots[k];
      admits = LeaseTable.holds(slab, slot, s.hashLo[k], s.hashHi[k])
          && LeaseTable.canTake(slab, slot, s.leasedRules[k].limits.length, s.leasedCosts[k], now);
    }
    if (!admits) {
      for (int k = 0; k < locked; k++) {
        LeaseTable.unlock(slab, s.slots[k]);
      }
      return false;
    }
    long tightRemaining = Long.MAX_VALUE;
    LimitPolicy tightPolicy = null;
    for (int k = 0; k < n; k++) {
      int slot = s.slots[k];
      RuleRuntime rt = s.leasedRules[k];
      for (int j = 0; j < rt.limits.length; j++) {
        long left = LeaseTable.take(slab, slot, j, s.leasedCosts[k]);
        if (left < tightRemaining) {
          tightRemaining = left;
          tightPolicy = rt.limits[j].policy;
        }
      }
      KeyState firstTouch = LeaseTable.markDirty(slab, slot);
      LeaseTable.unlockTouched(slab, slot, now);
      if (firstTouch != null) {
        touchedLog().add(firstTouch); // once per entry per sync interval
      }
    }
    // A leased bucket does not refill locally: it is never full again after a debit.
    out.set(EdgeDecision.Outcome.ALLOWED, QuotaMode.LEASED.reason, tightPolicy, tightRemaining, 0,
        Decision.NEVER, now, 0, n, null);
    return true;
  }

  /** Looks up (or creates) the entry of every match and locks them all in order. */
  private void gatherAndLock(RequestView request, long cost, ActiveConfig cfg, DecideScratch s, long now,
      boolean parentUp) {
    while (true) {
      s.entryCount = 0;
      for (int i = 0; i < s.count; i++) {
        RuleRuntime rt = cfg.runtime(s.rules[i].id());
        if (rt == null) {
          continue;
        }
        String key = rt.constantKey ? QuotaId.AGGREGATE_KEY : s.keys[i];
        long c = cost >= 0 ? cost : rt.rule.cost().of(request);
        KeyHash h = s.hash.of(rt, key);
        KeyState entry = table.get(h);
        if (entry == null) {
          entry = table.putIfAbsent(h,
              new KeyState(new EntryKey(rt.id, key), h, rt, nextOrder.getAndIncrement(), tuning, now, parentUp), now);
        }
        s.addEntry(entry, c);
      }
      int locked = 0;
      boolean stale = false;
      for (; locked < s.entryCount; locked++) {
        KeyState entry = s.entries[locked];
        if (table.lockEntry(entry, true, now, s.decision, locked == 0) != LeaseTable.LOCKED_ENTRY) {
          stale = true; // left the table (look it up again), or a rehash needs the slots held
          break;
        }
        if (entry.retired) {
          stale = true;
          locked++;
          break;
        }
      }
      if (!stale) {
        return;
      }
      for (int i = 0; i < locked; i++) {
        table.unlockEntry(s.entries[i], now);
      }
    }
  }

  /** Evaluates every limit, debits all or none, and writes the decision; true when a sync should come early. */
  private boolean evaluate(DecideScratch s, long now, int waitMode, boolean parentUp, EdgeDecision out) {
    LimitOutcome o = s.outcome;
    boolean wantSync = false;
    boolean denied = false;
    boolean pending = false;
    boolean holdOffered = false;
    long waitDeadline = 0;
    LimitPolicy denyPolicy = null;
    DecisionReason denyReason = null;
    long denyRetry = -1;
    long denyReset = 0;
    LimitPolicy tightPolicy = null;
    DecisionReason tightReason = null;
    long tightRemaining = Long.MAX_VALUE;
    long tightReset = 0;
    LimitPolicy shadowPolicy = null;
    int enforced = 0;

    for (int i = 0; i < s.entryCount; i++) {
      KeyState entry = s.entries[i];
      long cost = s.costs[i];
      boolean shadow = entry.rule.shadow;
      boolean entryAllows = true;
      for (LimitState limit : entry.limits) {
        limit.evaluate(cost, now, shadow ? WaitMode.NO_WAIT : waitMode, parentUp, s.decision, o);
        wantSync |= limit.asksEarly(o.code == LimitOutcome.DENY);
        if (o.code == LimitOutcome.PENDING) {
          entryAllows = false;
          holdOffered |= o.offersHold;
          if (!shadow) {
            pending = true;
            waitDeadline = Math.max(waitDeadline, o.waitDeadlineNanos);
          }
          continue;
        }
        if (o.code == LimitOutcome.DENY) {
          entryAllows = false;
          if (shadow) {
            shadowPolicy = shadowPolicy == null ? limit.spec.policy : shadowPolicy;
            continue;
          }
          denied = true;
          if (o.retryAfterNanos > denyRetry) {
            denyRetry = o.retryAfterNanos;
            denyPolicy = limit.spec.policy;
            denyReason = limit.mode.reason;
            denyReset = o.resetAfterNanos;
          }
        }
        if (!shadow && (o.remaining < tightRemaining
            || (o.remaining == tightRemaining && o.resetAfterNanos > tightReset))) {
          tightRemaining = o.remaining;
          tightPolicy = limit.spec.policy;
          tightReason = limit.mode.reason;
          tightReset = o.resetAfterNanos;
        }
      }
      s.allows[i] = entryAllows;
      if (!shadow) {
        enforced++;
      }
      if (!entry.rule.local && !entry.dirty()) {
        entry.dirty(true);
        s.touched[i] = true;
      } else {
        s.touched[i] = false;
      }
    }

    if (holdOffered) {
      boolean held = pending && !denied;
      for (int i = 0; i < s.entryCount; i++) {
        for (LimitState limit : s.entries[i].limits) {
          limit.settleHold(held, s.costs[i], now);
        }
      }
    }
    if (enforced == 0 || (!denied && !pending)) {
      // Admitted: debit every enforced limit, and the shadow rules that would have admitted it too.
      for (int i = 0; i < s.entryCount; i++) {
        if (!s.entries[i].rule.shadow || s.allows[i]) {
          wantSync |= debit(s.entries[i], s.costs[i], now, s);
        }
      }
    }
    if (enforced == 0) {
      out.set(EdgeDecision.Outcome.ALLOWED, DecisionReason.NO_MATCH, null, 0, 0, 0, now, 0, s.entryCount,
          shadowPolicy);
      return wantSync;
    }
    if (denied) {
      out.set(EdgeDecision.Outcome.DENIED, denyReason, denyPolicy, tightRemaining,
          denyRetry, denyReset, now, 0, s.entryCount, shadowPolicy);
      return wantSync;
    }
    if (pending) {
      out.set(EdgeDecision.Outcome.PENDING, DecisionReason.WAITING, tightPolicy, 0, waitDeadline - now, 0, now,
          waitDeadline, s.entryCount, shadowPolicy);
      return wantSync;
    }
    out.set(EdgeDecision.Outcome.ALLOWED, tightReason, tightPolicy, tightRemaining, 0, tightReset, now, 0,
        s.entryCount, shadowPolicy);
    return wantSync;
  }

  private static boolean debit(KeyState entry, long cost, long now, DecideScratch s) {
    boolean lowWater = false;
    for (LimitState limit : entry.limits) {
      lowWater |= limit.debit(cost, now, s.decision);
    }
    return lowWater;
  }

  /**
   * Signals a pending early sync once it is due: never while a round is in flight (its answer may
   * be what the quota needs, and the next request carries the ask), never within
   * {@link Tuning#earlySyncGapNanos} of the previous round's start, and once per round.
   */
  private void signalEarlySyncIfDue(long now) {
    Runnable listener = earlySyncListener;
    if (listener != null && roundInFlight == 0 && now - lastRoundStartNanos >= tuning.earlySyncGapNanos
        && !earlySyncSignalled.get() && earlySyncSignalled.compareAndSet(false, true)) {
      listener.run();
    }
  }

  /** The table's departure callback (slot locked, usage folded): usage and leased tokens go into the next sync. */
  private void leaveTable(KeyState entry, boolean evicted) {
    if (evicted) {
      evictions.increment();
    }
    if (entry.retired) {
      return;
    }
    long now = clock.nanos();
    entry.retired = true;
    for (LimitState limit : entry.limits) {
      if (entry.rule.local) {
        limit.retire();
        continue;
      }
      QuotaReport report = limit.finalReport(now);
      if (report.consumed() != 0 || report.denied() != 0 || report.returned() != 0) {
        leftTable.offer(report);
      }
    }
  }

  @Override
  public SyncRound beginSync() {
    return begin(false);
  }

  @Override
  public SyncRound beginFinalSync() {
    long now = clock.nanos();
    Decision scratch = SCRATCH.get().decision;
    for (KeyState entry : table.entries()) {
      if (entry.rule.local || !table.lockEntry(entry, true, now, scratch)) {
        continue;
      }
      try {
        if (!entry.retired) {
          for (LimitState limit : entry.limits) {
            limit.dropTokens(now);
          }
          if (entry.hasUnreported() && !entry.dirty()) {
            entry.dirty(true);
            touchedLog().add(entry);
          }
        }
      } finally {
        table.unlockEntry(entry, now);
      }
    }
    return begin(true);
  }

  private DirtyLog touchedLog() {
    DirtyLog shared = sharedLog;
    return shared != null ? shared : dirtyLog.get();
  }

  private SyncRound begin(boolean isFinal) {
    long now = clock.nanos();
    table.sweepIdle(now); // idle expiry runs here, so it needs no request to come
    earlySyncPending = false; // this round carries every ask made so far
    tuning.buildingRound = seq + 1;
    earlySyncSignalled.set(false);
    boolean parentUp = parentAvailable;
    ReportBatch batch = carry;
    carry = spareBatch;
    for (QuotaReport report; (report = leftTable.poll()) != null; ) {
      batch.add(report);
    }
    for (DirtyLog log : dirtyLogs) {
      log.drainTo(entry -> reportTouched(entry, now, batch));
    }
    sweepExpired(now, parentUp, batch);
    List<QuotaReport> reports = batch.take(MessageLimits.MAX_LIST_SIZE);
    carry.addAll(batch); // beyond the list bound: next round
    batch.clear();
    spareBatch = batch;
    ActiveConfig cfg = config;
    EdgeSyncRequest request = new EdgeSyncRequest(ProtocolVersion.CURRENT, settings.edgeId(), settings.region(),
        ++seq, cfg.revision, OptionalLong.of(now), reports);
    lastRoundStartNanos = now;
    roundInFlight = seq;
    return new SyncRound(request, now, isFinal);
  }

  private void reportTouched(KeyState entry, long now, ReportBatch batch) {
    if (!table.lockEntry(entry, true, now, SCRATCH.get().decision)) {
      return;
    }
    try {
      if (!entry.dirty() || entry.retired) {
        return;
      }
      entry.dirty(false);
      for (LimitState limit : entry.limits) {
        batch.add(limit.report(now));
      }
      scheduleExpiry(entry, now);
    } finally {
      table.unlockEntry(entry, now);
    }
  }

  /** Files a leased entry for the sweep at its earliest expiry. Sync thread, under the entry's lock. */
  private void scheduleExpiry(KeyState entry, long now) {
    long expiry = entry.nextLeaseExpiry(now);
    if (expiry != Long.MIN_VALUE) {
      expiries.file(entry, expiry);
    }
  }

  /**
   * Leases nobody touched expire here, so their unused tokens are returned without waiting for a
   * request. Only entries whose earliest lease is due are visited ({@link DueQueue}); one
   * renewed since it was filed is filed again for its new expiry.
   */
  private void sweepExpired(long now, boolean parentUp, ReportBatch batch) {
    Decision scratch = SCRATCH.get().decision;
    for (KeyState entry; (entry = expiries.pollDue(now)) != null; ) {
      if (!table.lockEntry(entry, false, now, scratch)) {
        continue; // it left the table
      }
      try {
        if (entry.retired) {
          continue;
        }
        if (entry.leaseDue(now)) {
          table.fold(entry, now, scratch); // only then: folding disarms the slot until its next decision
          for (LimitState limit : entry.limits) {
            if (limit.expireIfDue(now, parentUp) && limit.returned > 0) {
              batch.add(limit.report(now));
            }
          }
        }
        scheduleExpiry(entry, now);
      } finally {
        table.unlockEntry(entry, now);
      }
    }
  }

  @Override
  public SyncResult completeSync(SyncRound round, EdgeSyncResponse response) {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(response, "response");
    parentAvailable = true;
    SyncResult.ConfigChange change = SyncResult.ConfigChange.UNCHANGED;
    List<String> problems = List.of();
    if (response.configRevision() != config.revision && response.config().isPresent()
        && response.configRevision() != rejectedRevision) {
      ConfigResult<RuleSet> parsed = RuleConfig.parseYaml(response.config().get());
      if (parsed.isValid()) {
        replaceRules(parsed.value(), response.configRevision());
        change = SyncResult.ConfigChange.APPLIED;
      } else {
        rejectedRevision = response.configRevision();
        problems = parsed.problems().stream().map(Object::toString).toList();
        change = SyncResult.ConfigChange.REJECTED;
      }
    }
    long now = clock.nanos();
    int applied = 0;
    int givenBack = 0;
    ActiveConfig cfg = config;
    if (cfg != starterCapsConfig || !response.starterCaps().equals(starterCaps)) {
      cfg.applyStarterCaps(response.starterCaps());
      starterCapsConfig = cfg;
      starterCaps = response.starterCaps();
    }
    // Leases pair with the request they answer (their epochs come from whichever replica answered,
    // so they are not comparable across rounds); an answer to a round older than one already
    // answered, or a second answer to the same round, is given back rather than counted twice.
    boolean superseded = round.seq() <= lastAnsweredSeq;
    lastAnsweredSeq = Math.max(lastAnsweredSeq, round.seq());
    List<Lease> leases = response.leases();
    for (int i = 0, n = leases.size(); i < n; i++) { // indexed: no iterator per response
      Lease lease = leases.get(i);
      if (round.isFinal() || superseded || !applyLease(cfg, lease, round.sentAtNanos(), now)) {
        givenBack++;
        if (lease.tokens() > 0) {
          carry.add(new QuotaReport(lease.quota(), 0, 0, 0, lease.tokens(), lease.epoch()));
        }
      } else {
        applied++;
      }
    }
    roundEnded(round, now);
    return new SyncResult(change, problems, applied, givenBack, response.nextSyncMillis(), response.degraded());
  }

  /** The round is no longer in flight: an ask deferred while it was may be signalled now. */
  private void roundEnded(SyncRound round, long now) {
    if (round.seq() - tuning.lastEndedRound > 0) {
      tuning.lastEndedRound = round.seq();
    }
    if (roundInFlight == round.seq()) {
      roundInFlight = 0;
    }
    if (earlySyncPending) {
      signalEarlySyncIfDue(now);
    }
  }

  private boolean applyLease(ActiveConfig cfg, Lease lease, long sentAt, long now) {
    QuotaId quota = lease.quota();
    RuleRuntime rt = cfg.runtime(quota.ruleId());
    if (rt == null || rt.local || quota.limitIndex() >= rt.limits.length) {
      return false;
    }
    KeyState entry = table.get(SCRATCH.get().hash.of(rt, quota.key()));
    if (entry == null || entry.rule != rt || !table.lockEntry(entry, true, now, SCRATCH.get().decision)) {
      return false;
    }
    try {
      if (entry.retired) {
        return false;
      }
      LimitState limit = entry.limits[quota.limitIndex()];
      limit.applyLease(lease, sentAt, now);
      if (limit.returned > 0 && !entry.dirty()) {
        entry.dirty(true);
        touchedLog().add(entry);
      }
      scheduleExpiry(entry, now);
    } finally {
      table.unlockEntry(entry, now);
    }
    return true;
  }

  @Override
  public void failSync(SyncRound round) {
    parentAvailable = false;
    if (!round.isFinal()) {
      // Resent with the next request; if the lost one was in fact processed the aggregator counts
      // this usage twice, which only ever makes limiting stricter.
      carry.addAll(round.request().reports());
    }
    roundEnded(round, clock.nanos());
  }

  @Override
  public void replaceRules(RuleSet rules, long revision) {
    ActiveConfig next = new ActiveConfig(rules, revision, settings.standalone(), config, hashSeeds);
    config = next;
    rejectedRevision = -1;
    table.removeIf(entry -> next.runtime(entry.rule.id) != entry.rule, clock.nanos());
  }

  @Override
  public RuleSet rules() {
    return config.rules;
  }

  @Override
  public long configRevision() {
    return config.revision;
  }

  @Override
  public boolean parentAvailable() {
    return parentAvailable;
  }

  @Override
  public void onEarlySyncWanted(Runnable listener) {
    this.earlySyncListener = listener;
  }

  @Override
  public EdgeStats stats() {
    return new EdgeStats(table.size(), tuning.leasedQuotas.sum(), tuning.fallbackQuotas.sum(),
        evictions.sum(), config.revision, parentAvailable, tuning.thinShareHolds.sum());
  }

  @Override
  public Optional<QuotaView> inspect(String ruleId, int limitIndex, String key) {
    RuleRuntime rt = config.runtime(ruleId);
    KeyState entry = rt == null ? null : table.get(SCRATCH.get().hash.of(rt, key));
    if (entry == null || limitIndex < 0 || limitIndex >= entry.limits.length) {
      return Optional.empty();
    }
    long now = clock.nanos();
    if (!table.lockEntry(entry, true, now, SCRATCH.get().decision)) {
      return Optional.empty();
    }
    try {
      return entry.retired ? Optional.empty() : Optional.of(entry.limits[limitIndex].view(now));
    } finally {
      table.unlockEntry(entry, now);
    }
  }
}
