package io.leasehold.aggregator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleTrafficTest {
  private static final long MS = 1_000_000L;
  private final Map<String, Long> lastSync = new HashMap<>();

  private void report(RuleTraffic traffic, String edge, long consumed, long denied, long nowNanos) {
    Long previous = lastSync.put(edge, nowNanos);
    traffic.add(edge, consumed, denied, previous == null ? 200 * MS : nowNanos - previous, nowNanos);
  }

  private long[] close(RuleTraffic traffic, long nowNanos) {
    return traffic.closePeriod(600 * MS, nowNanos, edge -> lastSync.getOrDefault(edge, Long.MIN_VALUE));
  }

  @Test
  void aSteadyRateReadsTheSameInEveryRegionPeriodWhateverTheEdgeRoundsItHolds() {
    // Four edges at 500/s each sync every 200 ms, at staggered phases; the region reports every
    // 250 ms, so a period holds one round of some edges and two of others. Counting the rounds
    // that arrived read 1 500 to 2 500/s; rates over what each edge's reports covered read 2 000/s.
    RuleTraffic traffic = new RuleTraffic(0);
    long[] phase = {0, 50 * MS, 100 * MS, 150 * MS};
    long nextClose = 250 * MS;
    int closes = 0;
    for (long t = 0; t <= 5_000 * MS; t += MS) {
      for (int e = 0; e < phase.length; e++) {
        if (t >= phase[e] && (t - phase[e]) % (200 * MS) == 0) {
          report(traffic, "edge-" + e, 100, 0, t);
        }
      }
      if (t == nextClose) {
        long[] rates = close(traffic, t);
        if (closes++ > 0) {
          assertThat(rates[0]).as("consumed milli-tokens/s at %d ms", t / MS).isEqualTo(2_000_000);
          assertThat(rates[1]).isZero();
        }
        nextClose += 250 * MS;
      }
    }
    assertThat(closes).isEqualTo(20);
  }

  @Test
  void aSparseRuleIsMeasuredOverEveryRoundNotOnlyTheRoundsThatCarryIt() {
    // One edge syncs every 200 ms and sees the rule's one request every other round: 2.5/s. Over
    // the rounds that carry it alone, it would read 5/s.
    RuleTraffic traffic = new RuleTraffic(0);
    long t = 0;
    for (int round = 0; round < 40; round++, t += 200 * MS) {
      if (round % 2 == 0) {
        report(traffic, "a", 1, 0, t);
      } else {
        lastSync.put("a", t);
      }
      if (round > 0 && round % 4 == 3) {
        assertThat(close(traffic, t + 10 * MS)[0]).as("round %d", round).isEqualTo(2_500);
      }
    }
  }

  @Test
  void deniedCountsAsARateToo() {
    RuleTraffic traffic = new RuleTraffic(0);
    report(traffic, "a", 0, 0, 0);
    close(traffic, 50 * MS);
    report(traffic, "a", 80, 20, 200 * MS);
    assertThat(close(traffic, 250 * MS)).containsExactly(400_000, 100_000);
  }

  @Test
  void anEdgeThatSyncedWithoutTheRuleUsedNoneOfItAndOneNotYetSyncedKeepsItsRateForAWhile() {
    RuleTraffic traffic = new RuleTraffic(0);
    report(traffic, "a", 0, 0, 0);
    report(traffic, "b", 0, 0, 0);
    close(traffic, 50 * MS);
    report(traffic, "a", 100, 0, 200 * MS);
    report(traffic, "b", 100, 0, 200 * MS);
    assertThat(close(traffic, 250 * MS)[0]).isEqualTo(1_000_000);

    // a syncs again without the rule; b has not synced since: b still counts at 500/s.
    lastSync.put("a", 300 * MS);
    assertThat(close(traffic, 350 * MS)[0]).isEqualTo(500_000);

    // b stays silent beyond the carry window (600 ms after its last report): it no longer counts.
    assertThat(close(traffic, 900 * MS)[0]).isZero();
  }

  @Test
  void severalKeysOfTheRuleInOneSyncShareThatSyncsCoverage() {
    RuleTraffic traffic = new RuleTraffic(0);
    traffic.add("a", 0, 0, 200 * MS, 0);
    lastSync.put("a", 0L);
    close(traffic, 50 * MS);
    lastSync.put("a", 200 * MS);
    traffic.add("a", 30, 0, 200 * MS, 200 * MS);
    traffic.add("a", 70, 0, 200 * MS, 200 * MS); // a second key in the same request
    assertThat(close(traffic, 250 * MS)[0]).isEqualTo(500_000);
  }
}
