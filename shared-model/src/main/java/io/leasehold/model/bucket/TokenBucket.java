package io.leasehold.model.bucket;

import io.leasehold.model.bucket.internal.WideArithmetic;

/**
 * A token bucket with exact continuous refill: {@code burst} capacity, refilled at
 * {@link Rate} {@code tokens / periodNanos} — 1 token per 3 s is 1/3 token per second, not a step
 * every 3 s.
 *
 * <h2>Arithmetic</h2>
 * Tokens are held in micro-tokens (10^-6 token) plus an exact remainder: the refill rate is
 * reduced to {@code num/den} micro-tokens per nanosecond, and the sub-micro-token part of the
 * refill is kept as a numerator over {@code den}. The state therefore equals the exact rational
 * {@code min(burst, tokens + elapsed × rate)}; no refill is ever lost to rounding, however often
 * the bucket is touched. Products of elapsed time and rate go through a 128-bit intermediate
 * ({@link Math#multiplyHigh}), so any rate up to 10^12 tokens per period, any burst up to 10^12
 * tokens and any idle gap up to 2^63 ns are handled without overflow.
 *
 * <h2>Concurrency</h2>
 * <b>Single-writer.</b> An instance must be confined to one thread (the edge shards quotas per
 * event loop) or guarded externally ({@link SynchronizedLimiter}). No method allocates.
 *
 * <h2>Leases</h2>
 * The edge's local bucket for a leased quota is this class: {@link #reconfigure} when a lease
 * changes its rate or size, {@link #addTokens} for a grant, {@link #drain} to return unused tokens,
 * {@link #setTokens} to adopt a parent's view, and {@link #admittedTokens()} /
 * {@link #deniedTokens()} (monotonic counters) to compute usage since the last sync. Every
 * mutator first accrues refill at the old configuration up to {@code nowNanos}, so operations
 * compose in time order.
 */
public final class TokenBucket implements Limiter {

  /** Micro-tokens per token: the fixed-point scale. 10^12 tokens × 10^6 still fits in a long. */
  public static final long MICROS_PER_TOKEN = 1_000_000L;

  private Rate rate;
  private long burst;
  private long capacityMicros;
  /** Refill in micro-tokens per nanosecond is exactly {@code refillNum / refillDen} (reduced). */
  private long refillNum;
  private long refillDen;

  private long tokensMicros;
  /** Sub-micro-token refill carried over, in units of {@code 1/refillDen} micro-token. */
  private long fraction;
  private long lastNanos;

  private long admittedTokens;
  private long deniedTokens;

  /**
   * @param initialTokens whole tokens in the bucket at {@code nowNanos}, {@code 0 ≤ initialTokens ≤
   *     burst}
   */
  public TokenBucket(Rate rate, long burst, long initialTokens, long nowNanos) {
    configure(rate, burst);
    requireTokensWithinBurst("initialTokens", initialTokens);
    this.tokensMicros = initialTokens * MICROS_PER_TOKEN;
    this.lastNanos = nowNanos;
  }

  /** A bucket that starts full: a rule's bucket on first sight of a key. */
  public static TokenBucket full(Rate rate, long burst, long nowNanos) {
    return new TokenBucket(rate, burst, burst, nowNanos);
  }

  /** A bucket that starts empty: a lease's bucket before its first grant. */
  public static TokenBucket empty(Rate rate, long burst, long nowNanos) {
    return new TokenBucket(rate, burst, 0, nowNanos);
  }

  @Override
  public boolean tryAcquire(long cost, long nowNanos, Decision out) {
    requireNonNegativeCost(cost);
    refill(nowNanos);
    if (cost > burst) {
      deniedTokens += cost;
      out.set(false, tokensMicros / MICROS_PER_TOKEN, Decision.NEVER, nanosUntilFull());
      return false;
    }
    long costMicros = cost * MICROS_PER_TOKEN;
    if (tokensMicros >= costMicros) {
      tokensMicros -= costMicros;
      admittedTokens += cost;
      out.set(true, tokensMicros / MICROS_PER_TOKEN, 0, nanosUntilFull());
      return true;
    }
    deniedTokens += cost;
    out.set(false, tokensMicros / MICROS_PER_TOKEN, nanosUntilAccrued(costMicros - tokensMicros),
        nanosUntilFull());
    return false;
  }

  @Override
  public boolean tryAcquire(long cost, long nowNanos) {
    requireNonNegativeCost(cost);
    refill(nowNanos);
    if (cost <= burst) {
      long costMicros = cost * MICROS_PER_TOKEN;
      if (tokensMicros >= costMicros) {
        tokensMicros -= costMicros;
        admittedTokens += cost;
        return true;
      }
    }
    deniedTokens += cost;
    return false;
  }

  /**
   * Reports what {@link #tryAcquire(long, long, Decision)} would (remaining as if consumed when
   * allowed), changing nothing but the refill bookkeeping and leaving the counters alone.
   */
  @Override
  public boolean check(long cost, long nowNanos, Decision out) {
    requireNonNegativeCost(cost);
    refill(nowNanos);
    if (cost > burst) {
      out.set(false, tokensMicros / MICROS_PER_TOKEN, Decision.NEVER, nanosUntilFull());
      return false;
    }
    long costMicros = cost * MICROS_PER_TOKEN;
    if (tokensMicros >= costMicros) {
      long after = tokensMicros - costMicros;
      out.set(true, after / MICROS_PER_TOKEN, 0,
          after == capacityMicros ? 0 : nanosUntilAccrued(capacityMicros - after));
      return true;
    }
    out.set(false, tokensMicros / MICROS_PER_TOKEN, nanosUntilAccrued(costMicros - tokensMicros),
        nanosUntilFull());
    return false;
  }

  /** Whole tokens available at {@code nowNanos}. */
  public long tokens(long nowNanos) {
    refill(nowNanos);
    return tokensMicros / MICROS_PER_TOKEN;
  }

  /**
   * Accrues refill at the current rate up to {@code nowNanos}, then switches to {@code newRate}
   * and {@code newBurst}; tokens above the new burst are discarded (the return value says how
   * many whole tokens, so a lease holder can account for them). The sub-micro-token remainder is
   * dropped: at most one micro-token, always in the conservative direction.
   *
   * @return whole tokens discarded because they exceeded the new burst (rounded down)
   */
  public long reconfigure(Rate newRate, long newBurst, long nowNanos) {
    refill(nowNanos);
    configure(newRate, newBurst);
    fraction = 0;
    long discardedMicros = Math.max(0, tokensMicros - capacityMicros);
    tokensMicros -= discardedMicros;
    return discardedMicros / MICROS_PER_TOKEN;
  }

  /**
   * Adds {@code tokens} whole tokens (a lease grant), up to the burst. Only whole tokens are taken
   * in, so {@code accepted + returned == tokens} exactly and no fraction of a grant is created or
   * lost.
   *
   * @return whole tokens that did not fit (the caller returns them to the grantor)
   */
  public long addTokens(long tokens, long nowNanos) {
    if (tokens < 0 || tokens > Rate.MAX_TOKENS) {
      throw new IllegalArgumentException(
          "tokens: " + tokens + " is out of range; must be between 0 and " + Rate.MAX_TOKENS);
    }
    refill(nowNanos);
    long accepted = Math.min(tokens, (capacityMicros - tokensMicros) / MICROS_PER_TOKEN);
    tokensMicros += accepted * MICROS_PER_TOKEN;
    if (tokensMicros == capacityMicros) {
      fraction = 0;
    }
    return tokens - accepted;
  }

  /**
   * Takes every whole token out of the bucket (a lease return); less than one token may remain.
   * Not counted as admitted.
   *
   * @return the whole tokens taken
   */
  public long drain(long nowNanos) {
    refill(nowNanos);
    long whole = tokensMicros / MICROS_PER_TOKEN;
    tokensMicros -= whole * MICROS_PER_TOKEN;
    return whole;
  }

  /** Sets the bucket to exactly {@code tokens} whole tokens as of {@code nowNanos}. */
  public void setTokens(long tokens, long nowNanos) {
    requireTokensWithinBurst("tokens", tokens);
    refill(nowNanos);
    tokensMicros = tokens * MICROS_PER_TOKEN;
    fraction = 0;
  }

  public Rate rate() {
    return rate;
  }

  public long burst() {
    return burst;
  }

  @Override
  public long capacity() {
    return burst;
  }

  /** Total tokens admitted by {@code tryAcquire} since creation (monotonic; never reset). */
  public long admittedTokens() {
    return admittedTokens;
  }

  /** Total cost of rejected {@code tryAcquire} calls since creation (monotonic; never reset). */
  public long deniedTokens() {
    return deniedTokens;
  }

  /** The latest instant the bucket has accounted for. */
  public long lastNanos() {
    return lastNanos;
  }

  /** Micro-tokens available, without refilling: for tests and debug views. */
  long tokensMicros() {
    return tokensMicros;
  }

  long fraction() {
    return fraction;
  }

  @Override
  public String toString() {
    return "TokenBucket[rate=" + rate + ", burst=" + burst + ", tokensMicros=" + tokensMicros
        + ", fraction=" + fraction + "/" + refillDen + ", lastNanos=" + lastNanos
        + ", admitted=" + admittedTokens + ", denied=" + deniedTokens + "]";
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos; // wrap-safe like System.nanoTime differences
    if (elapsed <= 0) {
      return;
    }
    lastNanos = nowNanos;
    long deficit = capacityMicros - tokensMicros;
    if (deficit == 0 || refillNum == 0) {
      return;
    }
    long added = WideArithmetic.multiplyAddDivide(elapsed, refillNum, fraction, refillDen);
    if (added >= deficit) {
      tokensMicros = capacityMicros;
      fraction = 0;
    } else {
      // Wrapping arithmetic yields the exact remainder: it is below refillDen < 2^63.
      fraction = elapsed * refillNum + fraction - added * refillDen;
      tokensMicros += added;
    }
  }

  private long nanosUntilFull() {
    long deficit = capacityMicros - tokensMicros;
    return deficit == 0 ? 0 : nanosUntilAccrued(deficit);
  }

  /**
   * Smallest wait {@code t} with {@code t·num + fraction ≥ deficit·den}, i.e.
   * {@code ceil((deficit·den − fraction) / num)}, written as
   * {@code floor(((deficit−1)·den + (den − fraction) + num − 1) / num)} to stay non-negative.
   */
  private long nanosUntilAccrued(long deficitMicros) {
    if (refillNum == 0) {
      return Decision.NEVER;
    }
    return WideArithmetic.multiplyAddDivide(
        deficitMicros - 1, refillDen, refillDen - fraction + refillNum - 1, refillNum);
  }

  private void configure(Rate newRate, long newBurst) {
    if (newRate == null) {
      throw new IllegalArgumentException("rate: null; a rate is required (use Rate.NONE for no refill)");
    }
    if (newBurst < 0 || newBurst > Rate.MAX_TOKENS) {
      throw new IllegalArgumentException(
          "burst: " + newBurst + " is out of range; must be between 0 and " + Rate.MAX_TOKENS);
    }
    long num = newRate.tokens() * MICROS_PER_TOKEN;
    long den = newRate.periodNanos();
    long gcd = gcd(num, den);
    this.rate = newRate;
    this.burst = newBurst;
    this.capacityMicros = newBurst * MICROS_PER_TOKEN;
    this.refillNum = num / gcd;
    this.refillDen = den / gcd;
  }

  private void requireTokensWithinBurst(String field, long tokens) {
    if (tokens < 0 || tokens > burst) {
      throw new IllegalArgumentException(
          field + ": " + tokens + " is out of range; must be between 0 and the burst " + burst);
    }
  }

  private static void requireNonNegativeCost(long cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost: " + cost + " is negative; must be 0 or more");
    }
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
