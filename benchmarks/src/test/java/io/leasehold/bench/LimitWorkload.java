package io.leasehold.bench;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.leasehold.model.bucket.TokenBucket;
import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.Scope;
import java.time.Duration;
import java.util.Locale;

/**
 * One per-key limit, configured identically in every limiter a comparison runs: the same rate, the
 * same burst, cost 1 per decision, every bucket starting full. Each comparison builds its limiters
 * only from here, so that a change to one side changes all sides ({@code LimitWorkloadTest} checks
 * the configurations agree).
 *
 * <p>Where a peer cannot express the semantics exactly, the closest configuration is used and the
 * difference is stated: resilience4j's {@code AtomicRateLimiter} refills in whole cycles (up to
 * {@code burst} permits every {@code burst / rate}), not continuously.
 *
 * @param name label in tables
 * @param keys distinct keys the workload spreads decisions over
 * @param tokensPerSecond refill rate of each key's bucket
 * @param burst capacity of each key's bucket
 */
public record LimitWorkload(String name, int keys, long tokensPerSecond, long burst) {

  /** One hot key that every decision hits; its limit is high enough that decisions take the admit path. */
  public static final LimitWorkload HOT_KEY = new LimitWorkload("hot key", 1, 100_000_000, 1_000_000);

  /** 2^20 keys (100/s, burst 100 each), visited in a shuffled order so that lookups miss the CPU caches. */
  public static final LimitWorkload MILLION_KEYS = new LimitWorkload("1M keys", 1 << 20, 100, 100);

  /** The rule id every Leasehold configuration of a workload uses. */
  public static final String RULE_ID = "bench";

  /** The header carrying the key in Leasehold requests. */
  public static final String KEY_HEADER = "x-api-key";

  public LimitWorkload {
    if (keys < 1) {
      throw new IllegalArgumentException("keys: " + keys + ": must be at least 1");
    }
    if (tokensPerSecond < 1 || burst < 1 || burst > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rate/burst: " + tokensPerSecond + "/s, " + burst
          + ": must be positive, burst at most " + Integer.MAX_VALUE + " (resilience4j counts permits in an int)");
    }
  }

  /** The workload of a JMH {@code @Param}: {@code HOT_KEY} or {@code MILLION_KEYS}. */
  public static LimitWorkload named(String constant) {
    switch (constant) {
      case "HOT_KEY":
        return HOT_KEY;
      case "MILLION_KEYS":
        return MILLION_KEYS;
      default:
        throw new IllegalArgumentException("workload: " + constant + ": must be HOT_KEY or MILLION_KEYS");
    }
  }

  /** The same limit with another key count (the regional bench's Zipf key space). */
  public LimitWorkload withKeys(String label, int keyCount) {
    return new LimitWorkload(label, keyCount, tokensPerSecond, burst);
  }

  /** Key {@code i}'s value, the same string in every limiter. */
  public static String key(int i) {
    return "key-" + i;
  }

  /** Leasehold: a per-key rule on {@code /api/**}, keyed by the {@value #KEY_HEADER} header. */
  public Rule leaseholdRule(Scope scope) {
    return Rule.builder(RULE_ID)
        .match(Match.path("/api/**"))
        .key(KeySpec.header(KEY_HEADER))
        .scope(scope)
        .limits(Limit.of(Rate.perSecond(tokensPerSecond), burst))
        .build();
  }

  /** The same rule as a Leasehold rules file, for the aggregator. */
  public String leaseholdRulesYaml(Scope scope) {
    return """
        rules:
          - id: %s
            match: { path: "/api/**" }
            key: header:%s
            scope: %s
            limits: [ { rate: %d/s, burst: %d } ]
        """.formatted(RULE_ID, KEY_HEADER, scope.name().toLowerCase(Locale.ROOT), tokensPerSecond, burst);
  }

  /** Leasehold's token bucket alone (the "bucket only" rows): full, continuous refill. */
  public TokenBucket leaseholdBucket(long nowNanos) {
    return TokenBucket.full(io.leasehold.model.bucket.Rate.perSecond(tokensPerSecond), burst, nowNanos);
  }

  /** Bucket4j: capacity {@code burst}, greedy (continuous) refill of {@code rate} per second, starting full. */
  public BucketConfiguration bucket4jConfiguration() {
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(burst).refillGreedy(tokensPerSecond, Duration.ofSeconds(1)))
        .build();
  }

  /**
   * A Bucket4j local bucket (default lock-free synchronization) on the nanosecond clock, the same
   * time source as Leasehold's {@code Clock.system()} (Bucket4j's default is milliseconds).
   */
  public Bucket bucket4jLocal() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(burst).refillGreedy(tokensPerSecond, Duration.ofSeconds(1)))
        .withNanosecondPrecision()
        .build();
  }

  /**
   * resilience4j: {@code burst} permits per cycle of {@code burst / rate} — the same average rate
   * and the same largest burst, refilled in one step per cycle instead of continuously. No waiting
   * for a permit (timeout 0), like the other limiters' try-acquire.
   */
  public RateLimiterConfig resilience4jConfig() {
    return RateLimiterConfig.custom()
        .limitForPeriod((int) burst)
        .limitRefreshPeriod(Duration.ofNanos(cycleNanos()))
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  /** resilience4j's cycle: the time {@code burst} tokens take to accrue at the rate. */
  public long cycleNanos() {
    return Math.multiplyExact(burst, 1_000_000_000L) / tokensPerSecond;
  }
}
