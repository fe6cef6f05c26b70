package io.leasehold.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.StoreUnavailableException;
import io.leasehold.model.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryQuotaStoreTest {
  private static final Duration TTL = Duration.ofHours(1);
  private final ManualClock clock = new ManualClock();
  private final InMemoryQuotaStore store = new InMemoryQuotaStore(clock, 3);

  private StoreResult apply(StoreOp op) {
    return store.takeAndReturn(List.of(op)).result().get(0);
  }

  private long levelMilli(String key) {
    return store.peek(key).result().map(BucketSnapshot::levelMilliTokens).orElseThrow();
  }

  @Test
  void subMilliTokenRefillsAccumulateInsteadOfBeingLost() {
    long oneTokenPer7s = 142_857; // micro-tokens/s
    apply(new StoreOp("stepped", oneTokenPer7s, 10, 10, 0, 0, TTL));
    apply(new StoreOp("jumped", oneTokenPer7s, 10, 10, 0, 0, TTL));
    for (int ms = 0; ms < 14_000; ms++) {
      clock.advanceMillis(1);
      apply(new StoreOp("stepped", oneTokenPer7s, 10, 0, 0, 0, TTL)); // each step alone refills < 1 milli-token
    }
    apply(new StoreOp("jumped", oneTokenPer7s, 10, 0, 0, 0, TTL));
    assertThat(levelMilli("stepped")).isEqualTo(levelMilli("jumped")).isEqualTo(1_999);
  }

  @Test
  void stateExpiresOnlyOnceTheClockIsPastItsDeadlineLikeRedis() {
    apply(new StoreOp("idle", 0, 10, 4, 0, 0, Duration.ofMillis(100)));
    clock.advanceMillis(100);
    assertThat(store.peek("idle").result()).map(BucketSnapshot::ttlMillis).contains(0L);
    clock.advanceNanos(1);
    assertThat(store.peek("idle").result()).isEmpty();
  }

  @Test
  void beyondMaxKeysTheLeastRecentlyUsedQuotaIsForgotten() {
    for (String k : List.of("a", "b", "c")) {
      apply(StoreOp.take(k, 0, 10, 1, TTL));
    }
    apply(StoreOp.take("a", 0, 10, 1, TTL)); // touch a: b is now the eldest
    apply(StoreOp.take("d", 0, 10, 1, TTL));
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.peek("b").result()).isEmpty();
    assertThat(store.peek("a").result()).map(BucketSnapshot::grantedTotal).contains(2L);
  }

  @Test
  void expiredQuotasAreSweptWithoutBeingTouched() {
    InMemoryQuotaStore big = new InMemoryQuotaStore(clock);
    for (int i = 0; i < 20; i++) {
      big.takeAndReturn(List.of(StoreOp.take("k" + i, 0, 1, 1, Duration.ofMillis(10))));
    }
    clock.advanceMillis(11);
    big.takeAndReturn(List.of(StoreOp.take("other", 0, 1, 1, TTL)));
    assertThat(big.size()).isEqualTo(1);
  }

  @Test
  void theSweepStopsAtTheFirstLiveQuotaAndAnExpiredOneBehindItIsStillGoneWhenRead() {
    InMemoryQuotaStore big = new InMemoryQuotaStore(clock);
    big.takeAndReturn(List.of(StoreOp.take("long-lived", 0, 1, 1, TTL)));
    big.takeAndReturn(List.of(StoreOp.take("short-lived", 0, 1, 1, Duration.ofMillis(10))));
    clock.advanceMillis(11);
    big.takeAndReturn(List.of(StoreOp.take("other", 0, 1, 1, TTL)));
    assertThat(big.size()).as("the sweep looked no further than the live eldest").isEqualTo(3);
    assertThat(big.peek("short-lived").result()).isEmpty();
    assertThat(big.size()).isEqualTo(2);
  }

  @Test
  void aClosedStoreFailsCalls() {
    store.close();
    assertThat(store.takeAndReturn(List.of(StoreOp.take("a", 0, 1, 1, TTL))).cause())
        .isInstanceOf(StoreUnavailableException.class);
  }
}
