package io.leasehold.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.model.time.ManualClock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class InMemoryQuotaStoreProperties {
  private static final Duration TTL = Duration.ofDays(1);

  @Property
  void grantsNeverExceedTheBucketPlusRefillPlusReturns(
      @ForAll @LongRange(min = 0, max = 2_000_000_000L) long rateMicro,
      @ForAll @LongRange(min = 0, max = 1_000) long burst,
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 2_000) Integer> advances,
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 500) Integer> takes,
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 50) Integer> returns) {
    ManualClock clock = new ManualClock();
    InMemoryQuotaStore store = new InMemoryQuotaStore(clock);
    long granted = 0;
    long returned = 0;
    long elapsedMillis = 0;
    int steps = Math.min(advances.size(), Math.min(takes.size(), returns.size()));
    for (int i = 0; i < steps; i++) {
      clock.advanceMillis(advances.get(i));
      elapsedMillis += advances.get(i);
      StoreResult r = store.takeAndReturn(List.of(
          new StoreOp("q", rateMicro, burst, takes.get(i), returns.get(i), 0, TTL))).result().get(0);
      assertThat(r.granted()).isBetween(0L, (long) takes.get(i));
      assertThat(r.remaining()).isBetween(0L, burst);
      granted += r.granted();
      returned += returns.get(i);
    }
    // refill in milli-tokens is floor(elapsed µs × rate / 1e9); whole tokens can only be fewer
    long refillTokens = elapsedMillis * 1_000 * rateMicro / 1_000_000_000_000L;
    assertThat(granted).isLessThanOrEqualTo(burst + refillTokens + returned);
  }

  @Property
  void refillDoesNotDependOnHowOftenTheBucketIsTouched(
      @ForAll @LongRange(min = 1, max = 50_000_000L) long rateMicro,
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 5_000) Integer> stepMicros) {
    long burst = 1_000_000; // never full within this test
    ManualClock clock = new ManualClock();
    InMemoryQuotaStore store = new InMemoryQuotaStore(clock);
    StoreOp drain = new StoreOp("stepped", rateMicro, burst, burst, 0, 0, TTL);
    store.takeAndReturn(List.of(drain, new StoreOp("jumped", rateMicro, burst, burst, 0, 0, TTL)));
    for (int micros : stepMicros) {
      clock.advanceNanos(micros * 1_000L);
      store.takeAndReturn(List.of(new StoreOp("stepped", rateMicro, burst, 0, 0, 0, TTL)));
    }
    store.takeAndReturn(List.of(new StoreOp("jumped", rateMicro, burst, 0, 0, 0, TTL)));
    long stepped = store.peek("stepped").result().map(BucketSnapshot::levelMilliTokens).orElseThrow();
    long jumped = store.peek("jumped").result().map(BucketSnapshot::levelMilliTokens).orElseThrow();
    assertThat(stepped).isEqualTo(jumped);
  }
}
