package io.leasehold.model.bucket;

import static io.leasehold.model.bucket.Decision.NEVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.model.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenBucketTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long DAY = TimeUnit.DAYS.toNanos(1);
  private static final long YEAR = 365 * DAY;
  private static final long TERA = 1_000_000_000_000L;

  /** One row: advance the clock, ask for {@code cost}, expect the whole decision. */
  record Step(long advanceNanos, long cost, boolean allowed, long remaining, long retryAfterNanos,
      long resetAfterNanos) {}

  record Scenario(String name, Rate rate, long burst, long initialTokens, long clockStart,
      List<Step> steps) {
    Scenario step(long advanceNanos, long cost, boolean allowed, long remaining, long retry,
        long reset) {
      List<Step> more = new ArrayList<>(steps);
      more.add(new Step(advanceNanos, cost, allowed, remaining, retry, reset));
      return new Scenario(name, rate, burst, initialTokens, clockStart, more);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Scenario scenario(String name, Rate rate, long burst, long initialTokens) {
    return scenario(name, rate, burst, initialTokens, 0);
  }

  static Scenario scenario(String name, Rate rate, long burst, long initialTokens, long clockStart) {
    return new Scenario(name, rate, burst, initialTokens, clockStart, List.of());
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        scenario("burst then steady refill at 10/s", Rate.perSecond(10), 5, 5)
            .step(0, 1, true, 4, 0, 100 * MS)
            .step(0, 1, true, 3, 0, 200 * MS)
            .step(0, 3, true, 0, 0, 500 * MS)
            .step(0, 1, false, 0, 100 * MS, 500 * MS)
            .step(100 * MS - 1, 1, false, 0, 1, 400 * MS + 1)
            .step(1, 1, true, 0, 0, 500 * MS)
            .step(250 * MS, 2, true, 0, 0, 500 * MS - 50 * MS)
            .step(SECOND, 1, true, 4, 0, 100 * MS),
        scenario("fractional refill: 20/min is 1/3 token per second", Rate.perMinute(20), 3, 0)
            .step(0, 1, false, 0, 3 * SECOND, 9 * SECOND)
            .step(SECOND, 1, false, 0, 2 * SECOND, 8 * SECOND)
            .step(SECOND, 0, true, 0, 0, 7 * SECOND)
            .step(2 * SECOND + 500 * MS, 0, true, 1, 0, 4500 * MS)
            .step(0, 1, true, 0, 0, 7500 * MS)
            .step(0, 1, false, 0, 1500 * MS, 7500 * MS)
            .step(1500 * MS - 1, 1, false, 0, 1, 6 * SECOND + 1)
            .step(1, 1, true, 0, 0, 9 * SECOND),
        scenario("a rejected request consumes nothing", Rate.perSecond(1), 10, 2)
            .step(0, 3, false, 2, SECOND, 8 * SECOND)
            .step(0, 3, false, 2, SECOND, 8 * SECOND)
            .step(0, 2, true, 0, 0, 10 * SECOND),
        scenario("a cost above the burst is never admitted", Rate.perSecond(10), 5, 5)
            .step(0, 6, false, 5, NEVER, 0)
            .step(YEAR, 6, false, 5, NEVER, 0)
            .step(0, 5, true, 0, 0, 500 * MS)
            .step(0, Long.MAX_VALUE, false, 0, NEVER, 500 * MS),
        scenario("cost 0 is a peek, also on an empty bucket", Rate.perSecond(1), 2, 0)
            .step(0, 0, true, 0, 0, 2 * SECOND)
            .step(0, 0, true, 0, 0, 2 * SECOND)
            .step(500 * MS, 0, true, 0, 0, 1500 * MS)
            .step(500 * MS, 1, true, 0, 0, 2 * SECOND),
        scenario("no refill: waiting never helps", Rate.NONE, 3, 1)
            .step(0, 1, true, 0, 0, NEVER)
            .step(YEAR, 1, false, 0, NEVER, NEVER),
        scenario("burst 0 admits only peeks", Rate.perSecond(5), 0, 0)
            .step(0, 0, true, 0, 0, 0)
            .step(SECOND, 1, false, 0, NEVER, 0),
        scenario("very low rate: 1 per day", Rate.perDay(1), 1, 1)
            .step(0, 1, true, 0, 0, DAY)
            .step(0, 1, false, 0, DAY, DAY)
            .step(DAY - 1, 1, false, 0, 1, 1)
            .step(1, 1, true, 0, 0, DAY),
        scenario("very high rate: 10M per second", Rate.perSecond(10_000_000), 10_000_000, 10_000_000)
            .step(0, 10_000_000, true, 0, 0, SECOND)
            .step(0, 1, false, 0, 100, SECOND)
            .step(1, 1, false, 0, 99, SECOND - 1)
            .step(99, 1, true, 0, 0, SECOND)
            .step(1_000, 10, true, 0, 0, SECOND),
        scenario("maximum: 10^12 per day, burst 10^12", Rate.perDay(TERA), TERA, TERA)
            .step(0, TERA, true, 0, 0, DAY)
            .step(0, 1, false, 0, 87, DAY) // 1 token every 86.4 ns
            .step(86, 1, false, 0, 1, DAY - 86)
            .step(1, 1, true, 0, 0, DAY) // full again in DAY − 0.6 ns, rounded up
            .step(DAY, TERA, true, 0, 0, DAY),
        scenario("maximum rate per second: 10^12 per second", Rate.perSecond(TERA), TERA, 0)
            .step(1, 1_000, true, 0, 0, SECOND)
            .step(SECOND / 2, TERA / 2, true, 0, 0, SECOND)
            .step(0, TERA, false, 0, SECOND, SECOND),
        scenario("long idle gap: 250 years at the maximum", Rate.perDay(TERA), TERA, 0)
            .step(250 * YEAR, TERA, true, 0, 0, DAY),
        scenario("long idle gap: 10 years at 1/s is counted exactly", Rate.perSecond(1), 1_000_000_000, 0)
            .step(10 * YEAR, 0, true, 10 * YEAR / SECOND, 0, 1_000_000_000 * SECOND - 10 * YEAR),
        scenario("slow fill of a huge burst saturates the reset time", Rate.perDay(1), TERA, 0)
            .step(0, 1, false, 0, DAY, NEVER)
            .step(DAY, 1, true, 0, 0, NEVER),
        scenario("clock near Long.MAX_VALUE", Rate.perSecond(10), 5, 5, Long.MAX_VALUE - 10 * YEAR)
            .step(0, 5, true, 0, 0, 500 * MS)
            .step(9 * YEAR, 5, true, 0, 0, 500 * MS)
            .step(50 * MS, 1, false, 0, 50 * MS, 450 * MS),
        scenario("clock from negative through zero", Rate.perDay(1), 2, 0, Long.MIN_VALUE + 1)
            .step(Long.MAX_VALUE, 1, true, 1, 0, DAY)
            .step(DAY / 2, 2, false, 1, DAY / 2, DAY / 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void decisionsFollowTheTable(Scenario scenario) {
    ManualClock clock = new ManualClock(scenario.clockStart());
    TokenBucket bucket =
        new TokenBucket(scenario.rate(), scenario.burst(), scenario.initialTokens(), clock.nanos());
    Decision decision = new Decision();
    int index = 0;
    for (Step step : scenario.steps()) {
      clock.advanceNanos(step.advanceNanos());
      boolean allowed = bucket.tryAcquire(step.cost(), clock.nanos(), decision);
      String where = "step " + index++ + " " + step + " on " + bucket;
      assertThat(allowed).as(where).isEqualTo(decision.allowed()).isEqualTo(step.allowed());
      assertThat(decision.remaining()).as(where + ": remaining").isEqualTo(step.remaining());
      assertThat(decision.retryAfterNanos()).as(where + ": retryAfter").isEqualTo(step.retryAfterNanos());
      assertThat(decision.resetAfterNanos()).as(where + ": resetAfter").isEqualTo(step.resetAfterNanos());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void cheapTryAcquireAndCheckAgreeWithTheTable(Scenario scenario) {
    ManualClock clock = new ManualClock(scenario.clockStart());
    TokenBucket bucket =
        new TokenBucket(scenario.rate(), scenario.burst(), scenario.initialTokens(), clock.nanos());
    Decision checked = new Decision();
    for (Step step : scenario.steps()) {
      clock.advanceNanos(step.advanceNanos());
      bucket.tokens(clock.nanos());
      long before = bucket.tokensMicros();
      assertThat(bucket.check(step.cost(), clock.nanos(), checked)).isEqualTo(step.allowed());
      assertThat(checked.remaining()).isEqualTo(step.remaining());
      assertThat(checked.retryAfterNanos()).isEqualTo(step.retryAfterNanos());
      assertThat(checked.resetAfterNanos()).isEqualTo(step.resetAfterNanos());
      assertThat(bucket.tokensMicros()).as("check consumes nothing").isEqualTo(before);
      assertThat(bucket.tryAcquire(step.cost(), clock.nanos())).isEqualTo(step.allowed());
    }
  }

  @Test
  void countersSeparateAdmittedFromDeniedTokens() {
    TokenBucket bucket = TokenBucket.full(Rate.perSecond(1), 3, 0);
    bucket.tryAcquire(2, 0);
    bucket.tryAcquire(2, 0);
    bucket.tryAcquire(4, 0, new Decision());
    bucket.tryAcquire(0, 0);
    assertThat(bucket.admittedTokens()).isEqualTo(2);
    assertThat(bucket.deniedTokens()).isEqualTo(6);
  }

  @Test
  void anEarlierNowIsTreatedAsTheLatestSeen() {
    TokenBucket bucket = TokenBucket.empty(Rate.perSecond(1), 5, 10 * SECOND);
    assertThat(bucket.tokens(5 * SECOND)).isZero();
    assertThat(bucket.tokens(11 * SECOND)).isEqualTo(1);
    assertThat(bucket.lastNanos()).isEqualTo(11 * SECOND);
    assertThat(bucket.tokens(10 * SECOND)).isEqualTo(1);
    assertThat(bucket.lastNanos()).isEqualTo(11 * SECOND);
  }

  @Test
  void frequentTouchesLoseNoRefill() {
    // 1 token per day touched every millisecond: naive per-call rounding would never refill.
    TokenBucket bucket = TokenBucket.empty(Rate.perDay(1), 1, 0);
    for (long t = MS; t < DAY; t += 7 * MS) {
      assertThat(bucket.tryAcquire(1, t)).isFalse();
    }
    assertThat(bucket.tryAcquire(1, DAY)).isTrue();
  }

  @Nested
  class Leases {

    @Test
    void reconfigureAccruesAtTheOldRateThenSwitches() {
      TokenBucket bucket = TokenBucket.empty(Rate.perSecond(10), 100, 0);
      assertThat(bucket.reconfigure(Rate.perSecond(1), 100, 2 * SECOND)).isZero();
      assertThat(bucket.tokens(2 * SECOND)).isEqualTo(20);
      assertThat(bucket.tokens(4 * SECOND)).isEqualTo(22);
      assertThat(bucket.rate()).isEqualTo(Rate.perSecond(1));
    }

    @Test
    void reconfigureClampsToTheNewBurstAndReportsTheExcess() {
      TokenBucket bucket = TokenBucket.full(Rate.perSecond(10), 100, 0);
      assertThat(bucket.reconfigure(Rate.perSecond(10), 30, 0)).isEqualTo(70);
      assertThat(bucket.tokens(0)).isEqualTo(30);
      assertThat(bucket.burst()).isEqualTo(30);
      Decision d = new Decision();
      bucket.tryAcquire(31, 0, d);
      assertThat(d.retryAfterNanos()).isEqualTo(NEVER);
    }

    @Test
    void reconfigureToAHigherBurstKeepsTokensAndRefillsToIt() {
      TokenBucket bucket = TokenBucket.full(Rate.perSecond(10), 10, 0);
      bucket.reconfigure(Rate.perSecond(10), 20, 0);
      assertThat(bucket.tokens(0)).isEqualTo(10);
      assertThat(bucket.tokens(SECOND)).isEqualTo(20);
    }

    @Test
    void addTokensIsCappedAtTheBurstAndConservesWholeTokens() {
      TokenBucket bucket = TokenBucket.empty(Rate.perSecond(2), 10, 0);
      assertThat(bucket.addTokens(4, 0)).isZero();
      // 1.25 s at 2/s adds 2.5 tokens: 6.5 held, room for 3.5, so 3 whole tokens fit.
      assertThat(bucket.addTokens(5, 1250 * MS)).isEqualTo(2);
      assertThat(bucket.tokensMicros()).isEqualTo(9_500_000);
      assertThat(bucket.addTokens(1, 1250 * MS)).isEqualTo(1);
      assertThat(bucket.addTokens(0, 1250 * MS)).isZero();
    }

    @Test
    void addTokensNeverCreatesAFractionOfAToken() {
      TokenBucket bucket = TokenBucket.empty(Rate.perMinute(20), 3, 0);
      bucket.tokens(SECOND); // carries a third of a token's fraction
      assertThat(bucket.addTokens(2, SECOND)).isZero();
      assertThat(bucket.addTokens(1, SECOND)).isEqualTo(1);
      bucket.drain(SECOND);
      assertThat(bucket.tokensMicros()).isEqualTo(333_333);
    }

    @Test
    void drainReturnsWholeTokensAndKeepsTheFraction() {
      TokenBucket bucket = TokenBucket.empty(Rate.perMinute(20), 10, 0);
      assertThat(bucket.drain(4 * SECOND)).isEqualTo(1); // 4/3 tokens accrued
      assertThat(bucket.tokens(4 * SECOND)).isZero();
      assertThat(bucket.tokens(6 * SECOND)).isEqualTo(1); // the kept 1/3 plus 2/3 more
      assertThat(bucket.admittedTokens()).as("a return is not usage").isZero();
    }

    @Test
    void setTokensOverridesTheBalance() {
      TokenBucket bucket = TokenBucket.full(Rate.perSecond(1), 10, 0);
      bucket.setTokens(3, 5 * SECOND);
      assertThat(bucket.tokens(5 * SECOND)).isEqualTo(3);
      assertThat(bucket.tokens(6 * SECOND)).isEqualTo(4);
    }

    @Test
    void aLeaseWithoutRefillSpendsOnlyItsGrant() {
      TokenBucket bucket = TokenBucket.empty(Rate.NONE, 50, 0);
      bucket.addTokens(5, 0);
      Decision d = new Decision();
      assertThat(bucket.tryAcquire(5, YEAR, d)).isTrue();
      assertThat(d.resetAfterNanos()).isEqualTo(NEVER);
      assertThat(bucket.tryAcquire(1, 2 * YEAR, d)).isFalse();
      assertThat(d.retryAfterNanos()).isEqualTo(NEVER);
    }
  }

  @Nested
  class BadInput {

    @Test
    void negativeCostIsRejectedWithItsValue() {
      TokenBucket bucket = TokenBucket.full(Rate.perSecond(1), 1, 0);
      assertThatThrownBy(() -> bucket.tryAcquire(-1, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cost: -1 is negative; must be 0 or more");
      assertThatThrownBy(() -> bucket.check(-2, 0, new Decision()))
          .hasMessageStartingWith("cost: -2");
    }

    @Test
    void burstAndTokensOutOfRangeAreNamed() {
      assertThatThrownBy(() -> TokenBucket.full(Rate.perSecond(1), TERA + 1, 0))
          .hasMessage("burst: 1000000000001 is out of range; must be between 0 and 1000000000000");
      assertThatThrownBy(() -> new TokenBucket(Rate.perSecond(1), 5, 6, 0))
          .hasMessage("initialTokens: 6 is out of range; must be between 0 and the burst 5");
      TokenBucket bucket = TokenBucket.full(Rate.perSecond(1), 5, 0);
      assertThatThrownBy(() -> bucket.setTokens(-1, 0)).hasMessageStartingWith("tokens: -1");
      assertThatThrownBy(() -> bucket.addTokens(TERA + 1, 0)).hasMessageStartingWith("tokens: 1000000000001");
      assertThatThrownBy(() -> bucket.reconfigure(null, 5, 0)).hasMessageStartingWith("rate: null");
    }

    @Test
    void rateOutOfRangeIsNamed() {
      assertThatThrownBy(() -> Rate.perSecond(-1))
          .hasMessage("rate.tokens: -1 is out of range; must be between 0 and 1000000000000");
      assertThatThrownBy(() -> new Rate(1, 0)).hasMessageStartingWith("rate.periodNanos: 0");
      assertThatThrownBy(() -> new Rate(1, DAY + 1)).hasMessageStartingWith("rate.periodNanos: " + (DAY + 1));
      assertThatThrownBy(() -> Rate.of(1, java.time.Duration.ofDays(2)))
          .hasMessageStartingWith("rate.period: PT48H");
      assertThat(Rate.of(7, java.time.Duration.ofMinutes(1))).isEqualTo(Rate.perMinute(7));
      assertThat(Rate.perHour(5).toString()).isEqualTo("5/PT1H");
    }
  }
}
