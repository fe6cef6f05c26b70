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
}
