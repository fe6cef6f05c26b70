package io.leasehold.model.bench;

import io.leasehold.model.bucket.Decision;
import io.leasehold.model.bucket.Rate;
import io.leasehold.model.bucket.SlidingWindowCounter;
import io.leasehold.model.bucket.TokenBucket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision on one hot limiter, single thread: the floor cost of the arithmetic. The time
 * passed in moves 100 ns per call (a synthetic clock, so that clock reads are not measured); at
 * 10M tokens/s that refills one token per call, so every path (refill, consume, remaining, reset)
 * runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotLimiterBenchmark {

  private TokenBucket bucket;
  private SlidingWindowCounter window;
  private final Decision decision = new Decision();
  private long now;

  @Setup
  public void setUp() {
    bucket = TokenBucket.full(Rate.perSecond(10_000_000), 10_000_000, 0);
    window = new SlidingWindowCounter(10_000_000, TimeUnit.SECONDS.toNanos(1), 0);
  }

  @Benchmark
  public boolean tokenBucketDecision() {
    now += 100;
    return bucket.tryAcquire(1, now, decision);
  }

  @Benchmark
  public boolean tokenBucketAllowOnly() {
    now += 100;
    return bucket.tryAcquire(1, now);
  }

  @Benchmark
  public boolean slidingWindowDecision() {
    now += 100;
    return window.tryAcquire(1, now, decision);
  }
}
