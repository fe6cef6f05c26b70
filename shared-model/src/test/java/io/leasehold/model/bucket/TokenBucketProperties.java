package io.leasehold.model.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of {@link TokenBucket} over arbitrary sequences of (advance, cost), checked against
 * an exact rational reference model in {@link BigInteger}.
 */
class TokenBucketProperties {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long DAY = TimeUnit.DAYS.toNanos(1);
  private static final long YEAR = 365 * DAY;

  record Op(long advanceNanos, long costSeed, boolean smallCost) {
    long cost(long burst) {
      return smallCost ? costSeed % 4 : Math.floorMod(costSeed, burst + 2);
    }
  }

  record Setup(Rate rate, long burst, long startNanos, List<Op> ops) {}

  @Property
  void tokensStayWithinZeroAndBurstAndAdmissionsWithinTheExactBound(@ForAll("setups") Setup setup) {
    TokenBucket bucket = TokenBucket.full(setup.rate(), setup.burst(), setup.startNanos());
    long now = setup.startNanos();
    BigInteger elapsedTotal = BigInteger.ZERO;
    BigInteger admitted = BigInteger.ZERO;
    BigInteger period = BigInteger.valueOf(setup.rate().periodNanos());
    Decision decision = new Decision();
    for (Op op : setup.ops()) {
      now += op.advanceNanos();
      elapsedTotal = elapsedTotal.add(BigInteger.valueOf(op.advanceNanos()));
      long cost = op.cost(setup.burst());

      bucket.tokens(now);
      long tokensBefore = bucket.tokensMicros();
      long fractionBefore = bucket.fraction();
      boolean allowed = bucket.tryAcquire(cost, now, decision);

      assertThat(bucket.tokensMicros()).isBetween(0L, setup.burst() * TokenBucket.MICROS_PER_TOKEN);
      if (allowed) {
        admitted = admitted.add(BigInteger.valueOf(cost));
      } else {
        assertThat(bucket.tokensMicros()).as("a rejection consumes nothing").isEqualTo(tokensBefore);
        assertThat(bucket.fraction()).isEqualTo(fractionBefore);
      }
      // admitted over [0, T] ≤ burst + rate × T, as a rational: × period on both sides
      BigInteger bound = BigInteger.valueOf(setup.burst()).multiply(period)
          .add(BigInteger.valueOf(setup.rate().tokens()).multiply(elapsedTotal));
      assertThat(admitted.multiply(period)).isLessThanOrEqualTo(bound);
    }
  }

  @Property
  void decisionsEqualTheExactRationalModel(@ForAll("setups") Setup setup) {
    TokenBucket bucket = TokenBucket.full(setup.rate(), setup.burst(), setup.startNanos());
    ExactModel model = new ExactModel(setup.rate(), setup.burst());
    long now = setup.startNanos();
    Decision decision = new Decision();
    for (Op op : setup.ops()) {
      now += op.advanceNanos();
      model.advance(op.advanceNanos());
      long cost = op.cost(setup.burst());
      bucket.tryAcquire(cost, now, decision);
      model.tryAcquire(cost);
      String where = "cost " + cost + " at " + now + " on " + bucket;
      assertThat(decision.allowed()).as(where).isEqualTo(model.allowed);
      assertThat(decision.remaining()).as(where).isEqualTo(model.remaining);
      assertThat(decision.retryAfterNanos()).as(where).isEqualTo(model.retryAfter);
      assertThat(decision.resetAfterNanos()).as(where).isEqualTo(model.resetAfter);
    }
  }

  @Property
  void leaseOperationsKeepTokensWithinBurst(@ForAll("setups") Setup setup) {
    TokenBucket bucket = TokenBucket.empty(setup.rate(), setup.burst(), setup.startNanos());
    long now = setup.startNanos();
    int step = 0;
    for (Op op : setup.ops()) {
      now += op.advanceNanos();
      long amount = op.cost(bucket.burst());
      switch (step++ % 5) {
        case 0 -> {
          long before = bucket.tokens(now);
          long returned = bucket.addTokens(amount, now);
          assertThat(returned).isBetween(0L, amount);
          assertThat(bucket.tokens(now)).isEqualTo(before + amount - returned);
        }
        case 1 -> {
          long before = bucket.tokens(now);
          assertThat(bucket.drain(now)).isEqualTo(before);
          assertThat(bucket.tokens(now)).isZero();
        }
        case 2 -> bucket.reconfigure(setup.rate(), Math.floorMod(op.costSeed(), setup.burst() + 1), now);
        case 3 -> bucket.setTokens(Math.min(amount, bucket.burst()), now);
        default -> bucket.tryAcquire(amount, now);
      }
      assertThat(bucket.tokensMicros()).isBetween(0L, bucket.burst() * TokenBucket.MICROS_PER_TOKEN);
    }
  }

  @Provide
  Arbitrary<Setup> setups() {
    Arbitrary<Long> tokenCounts = Arbitraries.oneOf(
        Arbitraries.longs().between(0, 20),
        Arbitraries.longs().between(0, Rate.MAX_TOKENS),
        Arbitraries.of(1L, 10_000_000L, 999_999_999_999L, Rate.MAX_TOKENS));
    Arbitrary<Long> periods = Arbitraries.oneOf(
        Arbitraries.of(SECOND, 60 * SECOND, 3600 * SECOND, DAY),
        Arbitraries.longs().between(1, DAY));
    Arbitrary<Rate> rates = Combinators.combine(tokenCounts, periods).as(Rate::new);
    Arbitrary<Long> advances = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 1_000)),
        net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, SECOND)),
        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, DAY)),
        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 5 * YEAR)));
    Arbitrary<Op> ops = Combinators.combine(
            advances, Arbitraries.longs().greaterOrEqual(0), Arbitraries.of(true, false))
        .as(Op::new);
    return Combinators.combine(rates, tokenCounts, Arbitraries.longs(), ops.list().ofMaxSize(40))
        .as(Setup::new);
  }

  /** Tokens as an exact rational {@code scaled / periodNanos}, refilled by {@code elapsed × rate}. */
  private static final class ExactModel {
    private final BigInteger rate;
    private final BigInteger period;
    private final BigInteger capacity;
    private final long burst;
    private BigInteger scaled;

    boolean allowed;
    long remaining;
    long retryAfter;
    long resetAfter;

    ExactModel(Rate rate, long burst) {
      this.rate = BigInteger.valueOf(rate.tokens());
      this.period = BigInteger.valueOf(rate.periodNanos());
      this.burst = burst;
      this.capacity = BigInteger.valueOf(burst).multiply(period);
      this.scaled = capacity;
    }

    void advance(long nanos) {
      scaled = scaled.add(rate.multiply(BigInteger.valueOf(nanos))).min(capacity);
    }

    void tryAcquire(long cost) {
      BigInteger need = BigInteger.valueOf(cost).multiply(period);
      allowed = cost <= burst && scaled.compareTo(need) >= 0;
      if (allowed) {
        scaled = scaled.subtract(need);
        retryAfter = 0;
      } else {
        retryAfter = cost > burst ? Decision.NEVER : waitFor(need.subtract(scaled));
      }
      remaining = scaled.divide(period).longValueExact();
      resetAfter = waitFor(capacity.subtract(scaled));
    }

    private long waitFor(BigInteger deficit) {
      if (deficit.signum() == 0) {
        return 0;
      }
      if (rate.signum() == 0) {
        return Decision.NEVER;
      }
      BigInteger[] qr = deficit.divideAndRemainder(rate);
      BigInteger nanos = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
      return nanos.bitLength() < 64 ? nanos.longValue() : Decision.NEVER;
    }
  }
}
