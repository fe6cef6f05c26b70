package io.leasehold.edge.core;

import static io.leasehold.edge.core.EdgeFixtures.lease;
import static io.leasehold.edge.core.EdgeFixtures.limiter;
import static io.leasehold.edge.core.EdgeFixtures.perKey;
import static io.leasehold.edge.core.EdgeFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.time.ManualClock;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invariant of the request path: a decision on held quotas allocates nothing (DESIGN.md §7). */
class DecisionAllocationTest {

  @Test
  void decidingOnHeldQuotasAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ManualClock clock = new ManualClock(1);
    EdgeLimiter limiter = limiter(clock,
        perKey("api", Limit.of(Rate.perSecond(1_000_000), 1_000_000), Limit.of(Rate.perHour(1_000_000_000), 1_000_000_000)).build());
    List<RequestView> requests = new ArrayList<>();
    List<io.leasehold.model.message.Lease> leases = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      requests.add(RequestView.of("GET", "/api/x", Map.of("x-api-key", "key-" + i), "10.0.0.1"));
      leases.add(lease("api", 0, "key-" + i, 1_000_000, 1_000_000, 1_000_000, 1, 3_600_000, 0));
      leases.add(lease("api", 1, "key-" + i, 1_000_000, 0, 1_000_000_000, 1, 3_600_000, 0));
    }
    EdgeDecision out = new EdgeDecision();
    requests.forEach(r -> limiter.decide(r, out));
    limiter.completeSync(limiter.beginSync(), response(1, leases));
    for (int i = 0; i < 200_000; i++) { // warm up: JIT, thread-local scratch, Caffeine buffers
      limiter.decide(requests.get(i & 63), out);
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      clock.advanceNanos(100);
      limiter.decide(requests.get(i & 63), out);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(out.allowed()).isTrue();
    assertThat(allocated).as("bytes allocated by 100k decisions").isLessThan(4_096);
  }
}
