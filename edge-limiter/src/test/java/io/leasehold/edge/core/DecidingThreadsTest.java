package io.leasehold.edge.core;

import static io.leasehold.edge.core.EdgeFixtures.perKeyRule;
import static io.leasehold.edge.core.EdgeFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.rules.OnUnavailable;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.time.ManualClock;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Keys touched on two threads taking turns: a simulator lane that moves between threads must
 * report in the same order whichever thread ran it, which only the one shared log gives.
 */
class DecidingThreadsTest {

  /** Decides key-0 … key-5 alternately on two threads (one at a time) and returns the keys the next sync reports. */
  private static List<String> reportOrder(DecidingThreads deciders) throws InterruptedException {
    ManualClock clock = new ManualClock(1_000_000_000L);
    LeaseTableLimiter limiter = new LeaseTableLimiter(EdgeSettings.builder("edge-1").build(),
        RuleSet.of(perKeyRule("api", 10, 10, OnUnavailable.FLOOR)), 1, clock, new SplittableRandom(7), deciders);
    for (int k = 0; k < 6; k++) {
      String key = "key-" + k;
      Runnable decide = () -> limiter.decide(request(key), new EdgeDecision());
      if (k % 2 == 0) {
        decide.run();
      } else {
        Thread other = new Thread(decide);
        other.start();
        other.join(); // the hand-over: everything the other thread did happens before what follows
      }
    }
    return limiter.beginSync().request().reports().stream().map(QuotaReport::quota).map(q -> q.key()).toList();
  }

  @Test
  void oneAtATimeReportsInDecisionOrderWhicheverThreadDecided() throws InterruptedException {
    assertThat(reportOrder(DecidingThreads.ONE_AT_A_TIME))
        .containsExactly("key-0", "key-1", "key-2", "key-3", "key-4", "key-5");
  }

  @Test
  void concurrentDecidersReportThreadByThread() throws InterruptedException {
    // each thread's log drains whole: this thread's keys first (it decided first), then the other's
    assertThat(reportOrder(DecidingThreads.CONCURRENT))
        .containsExactly("key-0", "key-2", "key-4", "key-1", "key-3", "key-5");
  }
}
