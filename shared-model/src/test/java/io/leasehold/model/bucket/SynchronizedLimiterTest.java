package io.leasehold.model.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SynchronizedLimiterTest {

  @Test
  void threadsSharingOneBucketAdmitExactlyItsTokens() throws Exception {
    TokenBucket bucket = TokenBucket.full(Rate.NONE, 100_000, 0);
    Limiter shared = new SynchronizedLimiter(bucket);
    int threads = 4;
    AtomicLong admitted = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Future<?>[] done = new Future<?>[threads];
      for (int t = 0; t < threads; t++) {
        done[t] = pool.submit(() -> {
          Decision decision = new Decision();
          start.await();
          for (int i = 0; i < 40_000; i++) {
            if (shared.tryAcquire(1, i, decision)) {
              admitted.incrementAndGet();
            }
          }
          return null;
        });
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(admitted.get()).isEqualTo(100_000);
    assertThat(bucket.admittedTokens()).isEqualTo(100_000);
    assertThat(bucket.deniedTokens()).isEqualTo(threads * 40_000L - 100_000);
  }

  @Test
  void delegatesEveryCall() {
    Limiter limiter = new SynchronizedLimiter(new SlidingWindowCounter(2, 1_000, 0));
    Decision d = new Decision();
    assertThat(limiter.check(2, 0, d)).isTrue();
    assertThat(limiter.tryAcquire(1, 0, d)).isTrue();
    assertThat(d.remaining()).isEqualTo(1);
    assertThat(limiter.tryAcquire(2, 0)).isFalse();
    assertThat(limiter.capacity()).isEqualTo(2);
    assertThat(limiter.toString()).startsWith("SynchronizedSlidingWindowCounter[limit=2");
    assertThatThrownBy(() -> new SynchronizedLimiter(null)).hasMessageStartingWith("delegate: null");
  }

  @Test
  void andOfSeveralLimitsConsumesNothingWhenOneRejects() {
    // The composition documented on Limiter: check all, then acquire all.
    Limiter perSecond = TokenBucket.full(Rate.perSecond(10), 10, 0);
    Limiter perMinute = new SlidingWindowCounter(3, 60_000_000_000L, 0);
    Limiter[] limits = {perSecond, perMinute};
    Decision d = new Decision();
    int admitted = 0;
    for (int i = 0; i < 5; i++) {
      boolean all = true;
      for (Limiter l : limits) {
        all &= l.check(1, 0, d);
      }
      if (all) {
        for (Limiter l : limits) {
          assertThat(l.tryAcquire(1, 0)).isTrue();
        }
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(3);
    assertThat(((TokenBucket) perSecond).tokens(0)).isEqualTo(7);
  }
}
