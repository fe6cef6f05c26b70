package io.leasehold.edge.core;

import static io.leasehold.edge.core.EdgeFixtures.lease;
import static io.leasehold.edge.core.EdgeFixtures.limiter;
import static io.leasehold.edge.core.EdgeFixtures.perKey;
import static io.leasehold.edge.core.EdgeFixtures.request;
import static io.leasehold.edge.core.EdgeFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.Scope;
import io.leasehold.model.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Threads deciding on the same quotas at once never admit more than the tokens held. */
class ConcurrentDecisionTest {

  @Test
  void concurrentDecisionsNeverOverspendALease() throws InterruptedException {
    ManualClock clock = new ManualClock(1);
    Rule perKeyRule = perKey("api", Limit.of(Rate.perSecond(100_000), 100_000)).build();
    Rule global = Rule.builder("all").match(io.leasehold.model.rules.Match.path("/api/**"))
        .limits(Limit.of(Rate.perMinute(1_000_000), 1_000_000)).scope(Scope.EDGE).build();
    EdgeLimiter limiter = limiter(clock, perKeyRule, global);
    limiter.decide(request("k"), new EdgeDecision());
    limiter.completeSync(limiter.beginSync(),
        response(1, List.of(lease("api", 0, "k", 20_000, 0, 100_000, 1, 3_600_000, 0))));

    int threads = 4;
    LongAdder admitted = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        EdgeDecision out = new EdgeDecision();
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 10_000; i++) {
          if (limiter.decide(request("k"), out).allowed()) {
            admitted.increment();
          }
        }
      });
      workers[t].start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(admitted.sum()).isEqualTo(20_000);
    assertThat(limiter.inspect("all", 0, "").orElseThrow().tokens()).isEqualTo(1_000_000 - 20_000 - 1);
  }

  /**
   * The fast path under contention: threads decide on 32 leased keys (two limits each, two slots per
   * request with the constant-key rule) while another thread floods the table with new keys, so it
   * rehashes several times underneath them; every lease is spent exactly, never beyond.
   */
  @Test
  void leasedSlotsAreNeverOverspentWhileTheTableRehashes() throws InterruptedException {
    ManualClock clock = new ManualClock(1);
    Rule perKeyRule = perKey("api", Limit.of(Rate.perSecond(100_000), 100_000), Limit.of(Rate.perHour(1_000_000), 1_000_000))
        .build();
    Rule global = Rule.builder("all").match(io.leasehold.model.rules.Match.path("/api/**"))
        .limits(Limit.of(Rate.perMinute(1_000_000), 1_000_000)).build();
    EdgeLimiter limiter = limiter(clock, perKeyRule, global);
    int keys = 32;
    List<io.leasehold.model.message.Lease> leases = new ArrayList<>();
    EdgeDecision first = new EdgeDecision();
    for (int k = 0; k < keys; k++) {
      limiter.decide(request("k" + k), first);
      leases.add(lease("api", 0, "k" + k, 1_000, 0, 100_000, 1, 3_600_000, 0));
      leases.add(lease("api", 1, "k" + k, 5_000, 0, 1_000_000, 1, 3_600_000, 0));
    }
    leases.add(lease("all", 0, "", 1_000_000, 0, 1_000_000, 1, 3_600_000, 0));
    limiter.completeSync(limiter.beginSync(), response(1, leases));

    int threads = 3;
    LongAdder admitted = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int seed = t;
      workers.add(new Thread(() -> {
        EdgeDecision out = new EdgeDecision();
        await(start);
        for (int i = 0; i < 20_000; i++) {
          if (limiter.decide(request("k" + ((i * 7 + seed) % keys)), out).allowed()) {
            admitted.increment();
          }
        }
      }));
    }
    workers.add(new Thread(() -> {
      EdgeDecision out = new EdgeDecision();
      await(start);
      for (int i = 0; i < 30_000; i++) {
        limiter.decide(request("flood-" + i), out); // unseen keys: starter allowance, new slots
      }
    }));
    workers.forEach(Thread::start);
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    // Limit 0 holds 1 000 per key and binds: 32 000 admitted of the 60 000 asked for.
    assertThat(admitted.sum()).isEqualTo(keys * 1_000L);
    for (int k = 0; k < keys; k++) {
      assertThat(limiter.inspect("api", 0, "k" + k).orElseThrow().tokens()).isZero();
      assertThat(limiter.inspect("api", 1, "k" + k).orElseThrow().tokens()).isEqualTo(4_000);
    }
    assertThat(limiter.stats().keys()).isEqualTo(keys + 30_000 + 1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
