package io.leasehold.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.leasehold.bench.regional.RegionalWorkloads;
import io.leasehold.model.bucket.TokenBucket;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.Scope;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The comparisons are only fair while every limiter is configured with the same rate and burst:
 * this pins each peer's configuration to the workload it is built from, and checks that Leasehold
 * and Bucket4j admit the same tokens over the same (synthetic) time.
 */
class LimitWorkloadTest {
  private static final List<LimitWorkload> ALL =
      List.of(LimitWorkload.HOT_KEY, LimitWorkload.MILLION_KEYS, RegionalWorkloads.PER_KEY_LIMIT);

  @Test
  void leaseholdRulesCarryTheWorkloadsRateAndBurst() {
    for (LimitWorkload w : ALL) {
      for (Rule rule : List.of(w.leaseholdRule(Scope.GLOBAL),
          RuleConfig.parseYaml(w.leaseholdRulesYaml(Scope.REGION)).value().rules().get(0))) {
        Limit limit = rule.limits().get(0);
        assertThat(rule.limits()).as(w.name()).hasSize(1);
        assertThat(limit.burst()).as(w.name()).isEqualTo(w.burst());
        assertThat(limit.rate().tokens()).as(w.name()).isEqualTo(w.tokensPerSecond());
        assertThat(limit.rate().period().duration()).as(w.name()).isEqualTo(java.time.Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void bucket4jIsAGreedyBucketWithTheSameRateAndCapacity() {
    for (LimitWorkload w : ALL) {
      Bandwidth[] bandwidths = w.bucket4jConfiguration().getBandwidths();
      assertThat(bandwidths).as(w.name()).hasSize(1);
      Bandwidth b = bandwidths[0];
      assertThat(b.getCapacity()).as(w.name()).isEqualTo(w.burst());
      assertThat(b.getInitialTokens()).as(w.name() + ": starts full").isEqualTo(w.burst());
      assertThat(b.isGready()).as(w.name() + ": continuous refill").isTrue();
      assertThat(b.getRefillTokens()).as(w.name()).isEqualTo(w.tokensPerSecond());
      assertThat(b.getRefillPeriodNanos()).as(w.name()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }
  }

  @Test
  void resilience4jHasTheSameAverageRateAndLargestBurst() {
    for (LimitWorkload w : ALL) {
      RateLimiterConfig c = w.resilience4jConfig();
      assertThat((long) c.getLimitForPeriod()).as(w.name() + ": largest burst").isEqualTo(w.burst());
      long cycle = c.getLimitRefreshPeriod().toNanos();
      // burst per cycle == rate per second, exactly (no rounding in the cycle length)
      assertThat(w.burst() * TimeUnit.SECONDS.toNanos(1)).as(w.name() + ": average rate")
          .isEqualTo(w.tokensPerSecond() * cycle);
      assertThat(c.getTimeoutDuration()).as(w.name() + ": never waits").isZero();
    }
  }

  @Test
  void leaseholdAndBucket4jAdmitTheSameTokensOverTheSameTime() {
    for (LimitWorkload w : List.of(LimitWorkload.MILLION_KEYS, RegionalWorkloads.PER_KEY_LIMIT)) {
      ManualTime time = new ManualTime();
      Bucket bucket4j = Bucket.builder().addLimit(w.bucket4jConfiguration().getBandwidths()[0])
          .withCustomTimePrecision(time).build();
      TokenBucket leasehold = w.leaseholdBucket(0);
      for (long step : new long[] {0, 1_000_000, 7_000_000, 250_000_000, 2_000_000_000L}) {
        time.nanos += step;
        long admittedByBucket4j = drain(bucket4j);
        long admittedByLeasehold = 0;
        while (leasehold.tryAcquire(1, time.nanos)) {
          admittedByLeasehold++;
        }
        assertThat(admittedByLeasehold).as(w.name() + " after +" + step + " ns").isEqualTo(admittedByBucket4j);
      }
    }
  }

  @Test
  void aWorkloadResilience4jCannotExpressIsRejected() {
    assertThatThrownBy(() -> new LimitWorkload("too big", 1, 10, 3_000_000_000L))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3000000000");
    assertThatThrownBy(() -> LimitWorkload.named("COLD")).hasMessageContaining("workload: COLD");
  }

  private static long drain(Bucket bucket) {
    long admitted = 0;
    long chunk = 1 << 20;
    while (chunk > 0) {
      if (bucket.tryConsume(chunk)) {
        admitted += chunk;
      } else {
        chunk >>= 1;
      }
    }
    return admitted;
  }

  private static final class ManualTime implements TimeMeter {
    long nanos = 1_000_000_000L;

    @Override
    public long currentTimeNanos() {
      return nanos;
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }
}
