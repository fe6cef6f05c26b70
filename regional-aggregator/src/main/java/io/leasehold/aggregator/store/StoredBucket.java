package io.leasehold.aggregator.store;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;

/**
 * One quota's regional bucket and counters, held in memory.
 *
 * <p>{@link #apply} mirrors the Redis function in {@code leasehold.lua} operation for operation,
 * in IEEE doubles like Lua, so that both stores grant exactly the same tokens for the same
 * sequence of ops and times (every stored value is an integer below 2^53, where doubles are
 * exact; only the refill product can exceed 2^53, and it is rounded the same way on both sides).
 */
final class StoredBucket {
  private static final double MILLI = 1000;
  private static final double NUM_PER_MILLI = 1_000_000_000d;

  private double level;
  private double last;
  private double frac;
  private double granted;
  private double returned;
  private double consumed;
  long expiresAtNanos;

  private StoredBucket() {}

  /** A full bucket, as Redis creates it for a key it does not hold. */
  static StoredBucket full(long burst, long nowMicros) {
    StoredBucket b = new StoredBucket();
    b.level = burst * MILLI;
    b.last = nowMicros;
    return b;
  }

  StoreResult apply(StoreOp op, long nowMicros) {
    double rate = op.rateMicroTokensPerSecond();
    double cap = op.burst() * MILLI;
    double want = op.take();
    double give = op.giveBack();
    double now = nowMicros;

    if (now > last) {
      double num = (now - last) * rate + frac;
      double credit = Math.floor(num / NUM_PER_MILLI);
      if (credit >= cap - level) {
        level = cap;
        frac = 0;
      } else {
        level = level + credit;
        frac = num - credit * NUM_PER_MILLI;
        if (frac < 0) {
          frac = 0;
        } else if (frac >= NUM_PER_MILLI) {
          frac = NUM_PER_MILLI - 1;
        }
      }
      last = now;
    }
    if (level > cap) {
      level = cap;
      frac = 0;
    }

    if (give > 0) {
      level = level + give * MILLI;
      if (level >= cap) {
        level = cap;
        frac = 0;
      }
      returned = returned + give;
    }

    double grant = Math.floor(level / MILLI);
    if (want < grant) {
      grant = want;
    }
    level = level - grant * MILLI;
    granted = granted + grant;
    consumed = consumed + op.consumed();
    return new StoreResult(op.quotaKey(), (long) grant, (long) Math.floor(level / MILLI),
        (long) granted, (long) returned, (long) consumed);
  }

  BucketSnapshot snapshot(String quotaKey, long nowNanos) {
    return new BucketSnapshot(quotaKey, (long) level, (long) last, (long) granted, (long) returned,
        (long) consumed, Math.max(0, (expiresAtNanos - nowNanos) / 1_000_000L));
  }
}
