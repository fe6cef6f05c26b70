package io.leasehold.aggregator.core;

import static io.leasehold.aggregator.core.LeaserHarness.perSecond;
import static io.leasehold.aggregator.core.LeaserHarness.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.StarterCap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StarterCapsTest {
  /** 20/s burst 40 per key over 5 regions: a new key's regional bucket holds 8 tokens. */
  private static final QuotaPolicy PER_USER = QuotaPolicy.global(true, perSecond(20), 40, 0, 5);
  /** Region-scoped, 100/s burst 100 per key: the region holds the whole burst. */
  private static final QuotaPolicy REGIONAL = QuotaPolicy.regional(true, perSecond(100), 100);
  /** A constant key: uncapped until its grant is known. */
  private static final QuotaPolicy GLOBAL_API = QuotaPolicy.global(false, perSecond(1_000), 1_000, 0, 5);

  private final LeaserHarness h = new LeaserHarness(QuotaPolicies.of(
      Map.of(QuotaId.aggregate("per-user", 0), PER_USER, QuotaId.aggregate("regional", 0), REGIONAL,
          QuotaId.aggregate("global-api", 0), GLOBAL_API),
      Map.of("per-user", 10L, "regional", 10L, "global-api", 10L)));

  private List<StarterCap> capsSeenBy(String edge) {
    return h.sync(edge).starterCaps();
  }

  /** Edges e0 .. e(n-1) sync every 200 ms for four rounds, each with {@code reports}. */
  private void edgesSync(int n, QuotaReport... reports) {
    for (int round = 0; round < 4; round++) {
      for (int e = 0; e < n; e++) {
        h.sync("e" + e, reports);
      }
      h.clock.advanceMillis(200);
    }
  }

  @Test
  void untilTheReplicaKnowsItsEdgesEveryCappedStarterRuleWaits() {
    assertThat(capsSeenBy("e1")).containsExactly(new StarterCap("per-user", 0), new StarterCap("regional", 0));
  }

  @Test
  void aNewKeysRegionalBucketIsSharedAmongTheLiveEdges() {
    edgesSync(4);

    // 4 live edges: per-user 8 / 4 = 2; regional 100 / 4 = 25, above its 10: not listed
    assertThat(capsSeenBy("e0")).containsExactly(new StarterCap("per-user", 2));
    assertThat(h.leaser.stats().liveEdges()).isEqualTo(4);
    assertThat(h.leaser.stats().starterCappedRules()).isEqualTo(1);
  }

  @Test
  void edgesThatStoppedSyncingNoLongerCount() {
    edgesSync(8);
    assertThat(capsSeenBy("e0")).containsExactly(new StarterCap("per-user", 1));

    edgesSync(4); // e4..e7 are gone
    assertThat(capsSeenBy("e0")).containsExactly(new StarterCap("per-user", 2));
  }

  @Test
  void aConstantKeyIsCappedByItsGrantOnceItHasOne() {
    QuotaId api = QuotaId.aggregate("global-api", 0);
    edgesSync(50, report(api, 1, 0, 1, 0));
    long sentAt = h.clock.nanos();
    h.leaser.regionReport();
    h.leaser.apply(LeaserHarness.answer(1, List.of(LeaserHarness.grant(api, 200, 200, 1, 5_000, 1)), List.of()),
        sentAt);
    h.clock.advanceMillis(200);

    // 200 tokens over 50 edges: 4 each
    assertThat(capsSeenBy("e0")).contains(new StarterCap("global-api", 4));
  }
}
