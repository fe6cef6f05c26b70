package io.leasehold.model.rules.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.MatchSink;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleMatcher;
import io.leasehold.model.rules.RuleSet;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge's hot path: matching with single-part keys allocates nothing (DESIGN.md §7: 0 bytes per decision). */
class MatcherAllocationTest {

  private static final int CALLS = 200_000;

  private final RuleMatcher matcher = RuleMatcher.of(RuleSet.of(
      rule("api-per-key", Match.path("/api/**"), KeySpec.header("x-api-key")),
      rule("search", Match.path("/api/search").withMethods("GET"), KeySpec.CONSTANT),
      rule("users", Match.path("/api/users/*").withHeader("x-tenant", "*"), KeySpec.IP),
      rule("admin", Match.path("/admin/**"), KeySpec.IP)));
  private final RequestView request =
      RequestView.of("GET", "/api/search?q=x", Map.of("X-Api-Key", "key-123", "X-Tenant", "acme"), "10.1.2.3");
  private long sink;

  @Test
  void matchingThroughASinkAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = threadBean();
    MatchSink counting = (rule, key) -> sink += key.length();
    for (int i = 0; i < CALLS; i++) {
      matcher.match(request, counting);
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < CALLS; i++) {
      matcher.match(request, counting);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(sink).isPositive();
    // a little slack for the measurement itself; one object per call would be > 3 MB
    assertThat(allocated).isLessThan(64 * 1024);
  }

  private static Rule rule(String id, Match match, KeySpec key) {
    return Rule.builder(id).match(match).key(key).limits(Limit.of(Rate.perSecond(100))).build();
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    return threads;
  }
}
