package io.leasehold.edge.core;

import io.leasehold.edge.QuotaView;
import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.DemandState;
import io.leasehold.model.alloc.UsageSample;
import io.leasehold.model.bucket.Decision;
import io.leasehold.model.bucket.Rate;
import io.leasehold.model.bucket.SlidingWindowCounter;
import io.leasehold.model.bucket.TokenBucket;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.MessageLimits;
import io.leasehold.model.message.MicroTokens;
import io.leasehold.model.message.QuotaReport;

/**
 * One quota held by this edge: the local tokens of one limit of one rule for one key, how they are
 * replenished (lease, starter allowance, floor, local refill) and what to report at the next sync.
 *
 * <p>Guarded by its {@link KeyState}'s lock. Time-driven transitions (lease expiry, end of a wait)
 * happen lazily, when a request or the sync loop touches the quota.
 */
final class LimitState {
  final QuotaId quota;
  final LimitSpec spec;
  final RuleRuntime rule;
  private final Tuning tuning;

  QuotaMode mode;
  /** Token bucket of every mode but a local sliding window. */
  private final TokenBucket bucket;
  private final SlidingWindowCounter window;
  /** Whether the bucket's tokens came from leases (given back when dropped) rather than a starter allowance or a floor. */
  private boolean leasedTokens;
  long leaseExpiresAt;
  long epoch;
  /** Floor rate of the latest lease; -1 before any. */
  private long floorMicro = -1;
  private long grantedMicro;
  long waitDeadline;

  long consumed;
  long denied;
  long returned;
  private DemandState demand = DemandState.INITIAL;
  private long wantedMicro;
  private long lowWater;
  /** Tokens below which a fresh lease counts as short (see {@link Tuning#supplyShortNanos}). */
  private long supplyShortMark;
  /** The last lease could not fill what this quota wanted: refusals wait for the periodic sync. */
  private boolean supplyShort;
  private long lastReportNanos;
  /**
   * This quota asked for an early sync: a leased one once per report, an unseen one once until
   * its first lease comes (asking again every round would not make an aggregator that ignores it
   * answer sooner).
   */
  boolean prefetchAsked;
  /**
   * A thin share's held request ({@code thin_share: hold}): its cost (0 when none is held), the
   * sync round whose report asked for it (0 until one has) and when it stops waiting.
   */
  private long heldCost;
  private long heldAskRound;
  private long heldDeadline;
  /** This quota offered to hold the request being decided; {@link #settleHold} takes it up or drops it. */
  private boolean holdOffered;
  /** The cost of the requests waiting for an unseen key's first lease (up to the burst): held as a thin share's. */
  private long waitingCost;
  /** Tokens per sync interval of the last lease's rate under one: the share is thin. */
  private boolean thinShare;

  LimitState(RuleRuntime rule, LimitSpec spec, QuotaId quota, Tuning tuning, long now, boolean parentAvailable) {
    this.rule = rule;
    this.spec = spec;
    this.quota = quota;
    this.tuning = tuning;
    this.lastReportNanos = now;
    if (rule.local) {
      mode = QuotaMode.LOCAL;
      window = spec.slidingWindow ? new SlidingWindowCounter(spec.burst, spec.rate.periodNanos(), now) : null;
      bucket = spec.slidingWindow ? null : TokenBucket.full(spec.rate, spec.burst, now);
      return;
    }
    window = null;
    bucket = TokenBucket.empty(Rate.NONE, 0, now);
    mode = QuotaMode.STARTER;
    if (parentAvailable) {
      becomeUnseen(now);
    } else {
      enterFallback(now);
    }
  }

  /**
   * What this quota says about {@code cost} tokens now; records a refusal in the usage counters.
   * Never consumes: {@link #debit} does, once every limit of the request has allowed.
   */
  LimitOutcome evaluate(long cost, long now, int waitMode, boolean parentAvailable, Decision d, LimitOutcome out) {
    boolean mayWait = WaitMode.mayWait(waitMode);
    refresh(now, mayWait, parentAvailable);
    switch (mode) {
      case LOCAL:
        if (window != null) {
          window.check(cost, now, d);
        } else {
          bucket.check(cost, now, d);
        }
        return from(d, out, cost);
      case LEASED: {
        bucket.check(cost, now, d);
        if (heldCost != 0 && (waitMode == WaitMode.HELD_EXPIRED || holdAnswered())) {
          heldCost = 0; // the held request has had its answer or its time (a new one may be held now)
        }
        if (!d.allowed() && thinShare && mayWait && parentAvailable && cost <= spec.burst) {
          if (heldCost != 0 && waitMode == WaitMode.HELD) {
            out.set(LimitOutcome.PENDING, 0, heldDeadline - now, 0);
            out.waitDeadlineNanos = heldDeadline;
            return out;
          }
          if (heldCost == 0 && waitMode == WaitMode.MAY_WAIT) {
            out.set(LimitOutcome.PENDING, 0, rule.holdDeadlineNanos, 0);
            out.waitDeadlineNanos = now + rule.holdDeadlineNanos;
            out.offersHold = true;
            holdOffered = true;
            return out;
          }
        }
        from(d, out, cost);
        if (out.code == LimitOutcome.DENY && out.retryAfterNanos != Decision.NEVER
            && now + out.retryAfterNanos - leaseExpiresAt > 0) {
          // The lease ends before its own refill would admit the request; the next lease will.
          out.retryAfterNanos = nextLeaseEstimate(cost);
        } else if (out.code == LimitOutcome.DENY && out.retryAfterNanos == Decision.NEVER) {
          out.retryAfterNanos = nextLeaseEstimate(cost);
        }
        return out;
      }
      case STARTER:
        bucket.check(cost, now, d);
        from(d, out, cost);
        if (out.code == LimitOutcome.DENY) {
          if (!parentAvailable) {
            denied -= cost; // counted again by the fallback's own evaluation
            enterFallback(now);
            return evaluate(cost, now, waitMode, false, d, out);
          }
          out.retryAfterNanos = nextLeaseEstimate(cost);
        }
        return out;
      case WAITING:
        if (waitMode == WaitMode.MAY_WAIT) {
          waitingCost = Math.min(spec.burst, waitingCost + cost);
        }
        out.set(LimitOutcome.PENDING, 0, waitDeadline - now, 0);
        out.waitDeadlineNanos = waitDeadline;
        return out;
      case FALLBACK_FLOOR:
        bucket.check(cost, now, d);
        from(d, out, cost);
        if (out.code == LimitOutcome.DENY && out.retryAfterNanos == Decision.NEVER && cost <= spec.burst) {
          out.retryAfterNanos = tuning.unavailableRetryNanos;
        }
        return out;
      case FALLBACK_ALLOW:
        return out.set(LimitOutcome.ALLOW, spec.burst, 0, 0);
      case FALLBACK_DENY:
      default:
        denied += cost;
        return out.set(LimitOutcome.DENY, 0,
            cost <= spec.burst ? tuning.unavailableRetryNanos : Decision.NEVER, tuning.unavailableRetryNanos);
    }
  }

  private LimitOutcome from(Decision d, LimitOutcome out, long cost) {
    if (d.allowed()) {
      return out.set(LimitOutcome.ALLOW, d.remaining(), 0, d.resetAfterNanos());
    }
    denied += cost;
    long retry = cost > spec.burst ? Decision.NEVER : d.retryAfterNanos();
    return out.set(LimitOutcome.DENY, d.remaining(), retry, d.resetAfterNanos());
  }

  /** When a refusal can only be lifted by more leased tokens: the next sync, or the rule's own pace if slower. */
  private long nextLeaseEstimate(long cost) {
    if (cost > spec.burst) {
      return Decision.NEVER;
    }
    return Math.max(tuning.syncIntervalNanos, spec.nanosFor(cost));
  }

  /**
   * After an {@link #evaluate} that offered to hold the request ({@link LimitOutcome#offersHold}):
   * holds it when the whole decision is pending, forgets the offer when another limit decided it.
   */
  void settleHold(boolean held, long cost, long now) {
    if (!holdOffered) {
      return;
    }
    holdOffered = false;
    if (held) {
      tuning.thinShareHolds.increment();
      heldCost = cost;
      heldAskRound = 0;
      heldDeadline = now + rule.holdDeadlineNanos;
    }
  }

  /** Whether the round that asked for the held request's tokens has been answered (or failed). */
  private boolean holdAnswered() {
    return heldAskRound != 0 && tuning.lastEndedRound - heldAskRound >= 0;
  }

  /**
   * Takes {@code cost} tokens; only after {@link #evaluate} allowed it with the same {@code now}.
   *
   * @return whether a leased quota just fell below its low-water mark (reported once per round), so
   *     that the sync comes early and the next lease arrives before the tokens run out
   */
  boolean debit(long cost, long now, Decision d) {
    consumed += cost;
    switch (mode) {
      case LOCAL:
        if (window != null) {
          window.tryAcquire(cost, now);
        } else {
          bucket.tryAcquire(cost, now);
        }
        return false;
      case FALLBACK_ALLOW:
        return false;
      case LEASED:
        bucket.tryAcquire(cost, now, d);
        if (prefetchAsked || supplyShort || d.remaining() >= lowWater) {
          return false;
        }
        prefetchAsked = true;
        return true;
      default:
        bucket.tryAcquire(cost, now);
        return false;
    }
  }

  /**
   * After {@link #evaluate}: whether this quota wants the next sync early: an unseen key for its
   * first lease, or a leased quota that ran dry although its last lease was not short (a region
   * that could not fill {@code wanted} gets no faster by being asked more often). At most once
   * per report.
   */
  boolean asksEarly(boolean refused) {
    if (prefetchAsked || supplyShort) {
      return false;
    }
    if (mode == QuotaMode.STARTER || mode == QuotaMode.WAITING || (refused && mode == QuotaMode.LEASED)) {
      prefetchAsked = true;
      return true;
    }
    return false;
  }

  private void refresh(long now, boolean mayWait, boolean parentAvailable) {
    if (mode == QuotaMode.LEASED) {
      if (now - leaseExpiresAt >= 0) {
        dropTokens(now);
        if (parentAvailable) {
          becomeUnseen(now);
        } else {
          enterFallback(now);
        }
      }
    } else if (mode == QuotaMode.WAITING) {
      if (!parentAvailable || !mayWait || now - waitDeadline >= 0) {
        enterFallback(now);
      }
    }
  }

  /** Lease expiry for the sync loop's sweep of quotas nobody touches; true when it changed something. */
  boolean expireIfDue(long now, boolean parentAvailable) {
    if (mode == QuotaMode.LEASED && now - leaseExpiresAt >= 0) {
      refresh(now, true, parentAvailable);
      return true;
    }
    return false;
  }

  /**
   * A key without a lease while the aggregator is reachable: its rule's starter allowance, or a
   * wait (the rule's choice, or an allowance the aggregator capped to 0 because its edges'
   * allowances together would exceed the region's share of a new key).
   */
  private void becomeUnseen(long now) {
    long allowance = rule.starterAllowance(spec);
    if (allowance == 0) {
      bucket.reconfigure(Rate.NONE, 0, now);
      // A starter rule capped to 0 did not choose to wait: it waits no longer than one sync round,
      // which a lease asked for early comes well within.
      waitDeadline = now + (rule.waitsForLease ? rule.waitDeadlineNanos : tuning.syncIntervalNanos);
      setMode(QuotaMode.WAITING);
    } else {
      bucket.reconfigure(Rate.NONE, allowance, now);
      bucket.setTokens(allowance, now);
      setMode(QuotaMode.STARTER);
    }
    leasedTokens = false;
    supplyShort = false;
    prefetchAsked = false;
    // Holding no lease, the quota acknowledges none: its next report carries ack_epoch 0, which is
    // how the aggregator knows its consumption was starter use to debit (protocol.md).
    epoch = 0;
  }

  /** The rule's {@code on_unavailable} (DESIGN.md invariant 4). */
  private void enterFallback(long now) {
    dropTokens(now);
    switch (rule.rule.onUnavailable()) {
      case ALLOW:
        setMode(QuotaMode.FALLBACK_ALLOW);
        break;
      case DENY:
        setMode(QuotaMode.FALLBACK_DENY);
        break;
      case FLOOR:
      default: {
        long floor = floorMicro >= 0 ? floorMicro : spec.learnedFloorMicro;
        // Starts empty: the floor is a refill rate, and a full first second would be extra capacity.
        bucket.reconfigure(LeaseRates.toBucketRate(floor), LeaseRates.tokensPerSecond(floor), now);
        setMode(QuotaMode.FALLBACK_FLOOR);
      }
    }
  }

  /** Gives leased tokens back (reported as returned) or drops optimistic ones; after this the bucket is empty. */
  void dropTokens(long now) {
    if (bucket == null) {
      return;
    }
    if (leasedTokens) {
      returned = addCapped(returned, bucket.drain(now));
    } else if (bucket.burst() > 0) {
      bucket.setTokens(0, now);
    }
    leasedTokens = false;
  }

  /**
   * Applies a lease answering a request sent at {@code sentAtNanos}. The lease pairs with that
   * request, so its epoch is not compared with the one held: epochs come from each aggregator
   * replica's own counter, and after a failover the other replica's may well be lower.
   */
  void applyLease(Lease lease, long sentAtNanos, long now) {
    if (mode == QuotaMode.LOCAL) {
      returned = addCapped(returned, lease.tokens()); // not ours to use: a misdirected lease
      return;
    }
    spec.learnedFloorMicro = lease.floorMicroTokensPerSecond();
    floorMicro = lease.floorMicroTokensPerSecond();
    epoch = lease.epoch();
    prefetchAsked = false;
    if (lease.ttlMillis() == 0) {
      dropTokens(now);
      bucket.reconfigure(Rate.NONE, 0, now);
      grantedMicro = 0;
      supplyShort = true; // revoked: nothing to gain by asking before the next periodic sync
      setMode(QuotaMode.STARTER);
      return;
    }
    if (!leasedTokens) {
      dropTokens(now);
    }
    // Leased tokens are the only tokens: each was taken from the regional bucket for this edge
    // (shared-model/docs/protocol.md). Refilling locally at the lease rate would mint tokens the
    // region never debited, so a region would admit its grant twice over; the rate only informs
    // the demand estimate.
    returned = addCapped(returned, bucket.reconfigure(Rate.NONE, Math.min(lease.burst(), Rate.MAX_TOKENS), now));
    returned = addCapped(returned, bucket.addTokens(Math.min(lease.tokens(), Rate.MAX_TOKENS), now));
    leasedTokens = true;
    supplyShort = bucket.tokens(now) < supplyShortMark;
    grantedMicro = lease.microTokensPerSecond();
    thinShare = rule.holdsThinShare
        && MicroTokens.accrued(Math.min(grantedMicro, MicroTokens.MAX_PER_SECOND), tuning.syncIntervalNanos)
            < MicroTokens.PER_TOKEN;
    leaseExpiresAt = sentAtNanos + lease.ttlMillis() * 1_000_000L - tuning.leaseMarginNanos;
    setMode(QuotaMode.LEASED);
  }

  /** The report of this quota since the previous one, resetting the counters; updates the demand estimate and low-water mark. */
  QuotaReport report(long now) {
    // Early rounds are shorter than the interval and their usage is a rate over their own length;
    // only a first sample, from a quota created moments ago, counts over a whole interval, so
    // that one request does not look like a flood.
    long shortest = demand.samples() == 0 ? tuning.syncIntervalNanos : tuning.earlySyncGapNanos;
    long interval = Math.max(now - lastReportNanos, shortest);
    // Using most of the lease rate adds the growth allowance to wanted. The rate is no local limit,
    // so this is headroom rather than measured demand, but it only sizes this edge's prefetch (the
    // region's demand upstream is its consumed + denied) and it absorbs surges: without it the
    // simulated flash crowd used 84.2 % of its limit instead of 87.0 % (edge-limiter/README.md).
    demand = tuning.estimator.next(demand,
        new UsageSample(toMilli(consumed), toMilli(denied), interval), grantedMicro / 1000);
    long wanted = demand.estimateRate() >= MicroTokens.MAX_PER_SECOND / 1000
        ? MicroTokens.MAX_PER_SECOND
        : demand.estimateRate() * 1000;
    if (mode != QuotaMode.LEASED) {
      // A quota with no lease yet has shown little usage; ask for at least its starter pace.
      long minimum = MicroTokens.perSecond(Math.max(1, rule.starterAllowance(spec)), tuning.syncIntervalNanos);
      wanted = Math.max(wanted, Math.min(minimum, MicroTokens.MAX_PER_SECOND));
    }
    wantedMicro = wanted;
    lowWater = MicroTokens.accrued(wanted, Math.min(tuning.lowWaterNanos, MicroTokens.MAX_ACCRUAL_NANOS))
        / MicroTokens.PER_TOKEN;
    supplyShortMark = MicroTokens.accrued(wanted, Math.min(tuning.supplyShortNanos, MicroTokens.MAX_ACCRUAL_NANOS))
        / MicroTokens.PER_TOKEN;
    long held = mode == QuotaMode.WAITING && rule.holdsThinShare ? waitingCost : 0;
    if (heldCost != 0 && heldAskRound == 0) {
      heldAskRound = tuning.buildingRound; // this round carries the ask; its answer ends the hold
      held = heldCost;
    }
    QuotaReport report =
        new QuotaReport(quota, capped(consumed), capped(denied), wanted, capped(returned), epoch, held);
    consumed = 0;
    denied = 0;
    returned = 0;
    lastReportNanos = now;
    if (mode == QuotaMode.LEASED) {
      prefetchAsked = false;
    }
    return report;
  }

  /** The last report of a quota leaving the table: usage and returned tokens, no demand. */
  QuotaReport finalReport(long now) {
    dropTokens(now);
    setMode(QuotaMode.STARTER);
    QuotaReport report = new QuotaReport(quota, capped(consumed), capped(denied), 0, capped(returned), epoch);
    consumed = 0;
    denied = 0;
    returned = 0;
    return report;
  }

  /** Forgets this quota in the gauges (it left the table). */
  void retire() {
    setMode(QuotaMode.STARTER);
  }

  boolean hasUnreported() {
    return consumed != 0 || denied != 0 || returned != 0;
  }

  QuotaView view(long now) {
    long tokens = window != null ? window.remaining(now) : bucket.tokens(now);
    long leaseLeft = mode == QuotaMode.LEASED ? Math.max(0, (leaseExpiresAt - now) / 1_000_000L) : 0;
    return new QuotaView(quota.asString(), mode.reason.label(), tokens, epoch, leaseLeft, wantedMicro, consumed, denied);
  }

  /**
   * For {@link LeaseTable}'s fast path: the tokens a debit must leave so that it raises no signal
   * (the low-water mark while it can still ask for an early sync, else 0), or -1 when this quota
   * cannot be decided from a plain token count: not a live lease, or a bucket that refills
   * locally (then remaining and reset depend on time).
   */
  long fastPathFloor(long now) {
    if (mode != QuotaMode.LEASED || now - leaseExpiresAt >= 0 || bucket.rate().tokens() != 0) {
      return -1;
    }
    return prefetchAsked || supplyShort ? 0 : Math.max(0, lowWater);
  }

  /** Whole tokens in the bucket. */
  long wholeTokens(long now) {
    return bucket.tokens(now);
  }

  private void setMode(QuotaMode next) {
    if (next == mode) {
      return;
    }
    if (next != QuotaMode.LEASED) {
      heldCost = 0; // only a live lease's thin share holds a request
      thinShare = false;
    }
    waitingCost = 0;
    if (mode == QuotaMode.LEASED) {
      tuning.leasedQuotas.decrement();
    } else if (mode != null && mode.isFallback()) {
      tuning.fallbackQuotas.decrement();
    }
    if (next == QuotaMode.LEASED) {
      tuning.leasedQuotas.increment();
    } else if (next.isFallback()) {
      tuning.fallbackQuotas.increment();
    }
    mode = next;
  }

  private static long toMilli(long tokens) {
    return Math.min(tokens, MessageLimits.MAX_TOKENS) * 1000;
  }

  private static long capped(long tokens) {
    return Math.min(tokens, MessageLimits.MAX_TOKENS);
  }

  private static long addCapped(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
