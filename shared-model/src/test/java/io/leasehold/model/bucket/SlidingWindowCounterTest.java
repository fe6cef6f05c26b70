package io.leasehold.model.bucket;

import static io.leasehold.model.bucket.Decision.NEVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.model.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SlidingWindowCounterTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final long DAY = TimeUnit.DAYS.toNanos(1);
  private static final long YEAR = 365 * DAY;
  private static final long TERA = 1_000_000_000_000L;

  record Step(long advanceNanos, long cost, boolean allowed, long remaining, long retryAfterNanos,
      long resetAfterNanos) {}

  record Scenario(String name, long limit, long windowNanos, long clockStart, List<Step> steps) {
    Scenario step(long advanceNanos, long cost, boolean allowed, long remaining, long retry,
        long reset) {
      List<Step> more = new ArrayList<>(steps);
      more.add(new Step(advanceNanos, cost, allowed, remaining, retry, reset));
      return new Scenario(name, limit, windowNanos, clockStart, more);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Scenario scenario(String name, long limit, long windowNanos) {
    return scenario(name, limit, windowNanos, 0);
  }

  static Scenario scenario(String name, long limit, long windowNanos, long clockStart) {
    return new Scenario(name, limit, windowNanos, clockStart, List.of());
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        scenario("a full window rejects until the previous one has decayed enough", 10, SECOND)
            // next window: 10 × (W − e')/W + 1 ≤ 10 once e' ≥ 0.1 s
            .step(0, 10, true, 0, 0, 2 * SECOND)
            .step(0, 1, false, 0, 1100 * MS, 2 * SECOND),
        scenario("just before, exactly at and just after the window edge", 10, SECOND)
            .step(0, 10, true, 0, 0, 2 * SECOND)
            .step(SECOND - 1, 1, false, 0, 1 + 100 * MS, SECOND + 1)
            .step(1, 1, false, 0, 100 * MS, SECOND)
            .step(100 * MS - 1, 1, false, 0, 1, 900 * MS + 1)
            .step(1, 1, true, 0, 0, 1900 * MS)
            // weighted ceil(10 × 0.5) = 5, plus 1 current: room for 4
            .step(400 * MS, 4, true, 0, 0, 1500 * MS),
        scenario("weighting of the previous window", 100, MINUTE)
            .step(0, 40, true, 60, 0, 2 * MINUTE)
            // e = 15 s: ceil(40 × 45/60) = 30 still counts
            .step(MINUTE + 15 * SECOND, 0, true, 70, 0, 45 * SECOND)
            .step(0, 70, true, 0, 0, 105 * SECOND)
            // 40 × (60 − e')/60 ≤ 29 once e' ≥ 16.5 s
            .step(0, 1, false, 0, 1500 * MS, 105 * SECOND)
            .step(1500 * MS - 1, 1, false, 0, 1, 103500 * MS + 1)
            .step(1, 1, true, 0, 0, 103500 * MS),
        scenario("a gap of two windows or more clears both", 10, SECOND)
            .step(0, 10, true, 0, 0, 2 * SECOND)
            .step(2 * SECOND, 10, true, 0, 0, 2 * SECOND)
            .step(5500 * MS, 1, true, 9, 0, 1500 * MS),
        scenario("a cost above the limit is never admitted", 5, SECOND)
            .step(0, 6, false, 5, NEVER, 0)
            .step(YEAR, 6, false, 5, NEVER, 0)
            .step(0, 5, true, 0, 0, 2 * SECOND)
            .step(0, Long.MAX_VALUE, false, 0, NEVER, 2 * SECOND),
        scenario("cost 0 is a peek", 5, SECOND)
            .step(0, 0, true, 5, 0, 0)
            .step(0, 5, true, 0, 0, 2 * SECOND)
            .step(0, 0, true, 0, 0, 2 * SECOND)
            .step(1500 * MS, 0, true, 2, 0, 500 * MS),
        scenario("rejected requests do not count", 3, SECOND)
            .step(0, 2, true, 1, 0, 2 * SECOND)
            // next window: ceil(2 × (W − e')/W) + 2 ≤ 3 once e' ≥ 0.5 s
            .step(0, 2, false, 1, 1500 * MS, 2 * SECOND)
            .step(0, 1, true, 0, 0, 2 * SECOND)
            .step(SECOND, 0, true, 0, 0, SECOND)
            .step(500 * MS, 0, true, 1, 0, 500 * MS),
        scenario("limit 0 admits only peeks", 0, SECOND)
            .step(0, 0, true, 0, 0, 0)
            .step(0, 1, false, 0, NEVER, 0),
        scenario("maximum: 10^12 per day", TERA, DAY)
            .step(0, TERA, true, 0, 0, 2 * DAY)
            // ceil(10^12 × (W − 1)/W) is still 10^12; 1 fits once 10^12 × (W − e') ≤ (10^12 − 1) × W,
            // i.e. e' ≥ 87 (86.4 rounded up)
            .step(DAY + 1, 1, false, 0, 86, DAY - 1)
            .step(86, 1, true, 0, 0, 2 * DAY - 87)
            .step(DAY, TERA, false, TERA - 1, DAY - 87, DAY - 87),
        scenario("clock near Long.MAX_VALUE", 10, SECOND, Long.MAX_VALUE - 10 * YEAR)
            .step(0, 10, true, 0, 0, 2 * SECOND)
            .step(5 * YEAR, 10, true, 0, 0, 2 * SECOND)
            .step(SECOND, 1, false, 0, 100 * MS, SECOND),
        scenario("clock from negative through zero", 10, SECOND, Long.MIN_VALUE + 1)
            .step(Long.MAX_VALUE, 1, true, 9, 0, 2 * SECOND - Long.MAX_VALUE % SECOND));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void decisionsFollowTheTable(Scenario scenario) {
    ManualClock clock = new ManualClock(scenario.clockStart());
    SlidingWindowCounter counter =
        new SlidingWindowCounter(scenario.limit(), scenario.windowNanos(), clock.nanos());
    Decision decision = new Decision();
    int index = 0;
    for (Step step : scenario.steps()) {
      clock.advanceNanos(step.advanceNanos());
      boolean allowed = counter.tryAcquire(step.cost(), clock.nanos(), decision);
      String where = "step " + index++ + " " + step + " on " + counter;
      assertThat(allowed).as(where).isEqualTo(decision.allowed()).isEqualTo(step.allowed());
      assertThat(decision.remaining()).as(where + ": remaining").isEqualTo(step.remaining());
      assertThat(decision.retryAfterNanos()).as(where + ": retryAfter").isEqualTo(step.retryAfterNanos());
      assertThat(decision.resetAfterNanos()).as(where + ": resetAfter").isEqualTo(step.resetAfterNanos());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void checkAndCheapTryAcquireAgreeWithTheTable(Scenario scenario) {
    ManualClock clock = new ManualClock(scenario.clockStart());
    SlidingWindowCounter counter =
        new SlidingWindowCounter(scenario.limit(), scenario.windowNanos(), clock.nanos());
    Decision checked = new Decision();
    for (Step step : scenario.steps()) {
      clock.advanceNanos(step.advanceNanos());
      long remainingBefore = counter.remaining(clock.nanos());
      assertThat(counter.check(step.cost(), clock.nanos(), checked)).isEqualTo(step.allowed());
      assertThat(checked.remaining()).isEqualTo(step.remaining());
      assertThat(checked.retryAfterNanos()).isEqualTo(step.retryAfterNanos());
      assertThat(checked.resetAfterNanos()).isEqualTo(step.resetAfterNanos());
      assertThat(counter.remaining(clock.nanos())).as("check counts nothing").isEqualTo(remainingBefore);
      assertThat(counter.tryAcquire(step.cost(), clock.nanos())).isEqualTo(step.allowed());
    }
  }

  @Test
  void retryAfterIsTheFirstInstantThatAdmits() {
    // Sweep a window with an odd limit and size; the reported wait must be exact to the nanosecond.
    long window = 7_777;
    for (long offset = 0; offset < 3 * window; offset += 131) {
      SlidingWindowCounter counter = new SlidingWindowCounter(13, window, 0);
      counter.tryAcquire(9, 0);
      counter.tryAcquire(4, window + offset / 3);
      long now = window + offset;
      Decision d = new Decision();
      if (counter.check(5, now, d)) {
        continue;
      }
      long retry = d.retryAfterNanos();
      assertThat(counter.check(5, now + retry - 1, new Decision())).as("offset %d", offset).isFalse();
      assertThat(counter.check(5, now + retry, new Decision())).as("offset %d", offset).isTrue();
    }
  }

  @Test
  void anEarlierNowCountsInTheCurrentWindow() {
    SlidingWindowCounter counter = new SlidingWindowCounter(5, SECOND, 10 * SECOND);
    assertThat(counter.tryAcquire(2, 9 * SECOND)).isTrue();
    assertThat(counter.currentCount()).isEqualTo(2);
    assertThat(counter.remaining(10 * SECOND)).isEqualTo(3);
  }

  @Test
  void countersSeparateAdmittedFromDenied() {
    SlidingWindowCounter counter = new SlidingWindowCounter(3, SECOND, 0);
    counter.tryAcquire(2, 0);
    counter.tryAcquire(2, 0, new Decision());
    counter.tryAcquire(9, 0);
    assertThat(counter.admitted()).isEqualTo(2);
    assertThat(counter.denied()).isEqualTo(11);
    assertThat(counter.capacity()).isEqualTo(3);
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> new SlidingWindowCounter(-1, SECOND, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: -1 is out of range; must be between 0 and 1000000000000");
    assertThatThrownBy(() -> new SlidingWindowCounter(1, 0, 0))
        .hasMessage("windowNanos: 0 is out of range; must be between 1 and 86400000000000 (one day)");
    SlidingWindowCounter counter = new SlidingWindowCounter(1, SECOND, 0);
    assertThatThrownBy(() -> counter.tryAcquire(-5, 0)).hasMessageStartingWith("cost: -5");
  }
}
