package io.leasehold.aggregator.core;

import static io.leasehold.aggregator.core.LeaserHarness.perSecond;
import static io.leasehold.aggregator.core.LeaserHarness.report;
import static io.leasehold.aggregator.core.LeaserHarness.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncResponse;
import org.junit.jupiter.api.Test;

class DegradedModeTest {
  private static final QuotaId Q = new QuotaId("api", 0, "k");

  private static LeaserHarness harness(int emergencyPermille) {
    LeaserSettings settings = LeaserSettings.defaults(LeaserHarness.REGION, "agg-1")
        .withCoordinated(false).withEmergencyPermille(emergencyPermille);
    // a per-key limit of 3000/s over 3 regions: 1000/s default share here; floor 100/s
    return new LeaserHarness(settings, rule("api", QuotaPolicy.global(true, perSecond(3000), 3000, perSecond(100), 3)));
  }

  private static EdgeSyncResponse syncWithoutStore(LeaserHarness h, String edge, long consumed, long returned,
      StoreOutcome outcome) {
    return h.syncWithoutStore(h.request(edge, report(Q, consumed, 0, 10_000, returned)), outcome);
  }

  @Test
  void grants_from_the_emergency_share_only_within_its_bound() {
    LeaserHarness h = harness(500); // two replicas: each may use half the region's share
    long granted = 0;
    java.util.Map<String, Long> held = new java.util.HashMap<>();
    for (int i = 0; i < 100; i++) { // 10 s of outage
      for (String edge : new String[] {"a", "b", "c"}) {
        // each edge has used all it got by its next sync
        EdgeSyncResponse r = syncWithoutStore(h, edge, held.getOrDefault(edge, 0L), 0, StoreOutcome.NOT_ATTEMPTED);
        assertThat(r.degraded()).isTrue();
        long tokens = r.leases().get(0).tokens();
        held.put(edge, tokens);
        granted += tokens;
      }
      h.clock.advanceMillis(100);
    }
    // rate 500/s from an empty start: ≤ 500 × 10
    assertThat(granted).isLessThanOrEqualTo(500 * 10).isGreaterThan(500 * 9);
    assertThat(h.leaser.emergencyGranted(Q)).isEqualTo(granted);
  }

  @Test
  void recovery_counts_usage_once_and_never_credits_emergency_tokens_to_the_store() {
    LeaserHarness h = harness(1000);
    long fromStore = h.lease("a", Q, 0, 100).tokens(); // 40 from the store
    assertThat(fromStore).isEqualTo(40);

    h.clock.advanceMillis(100);
    // outage: the edge used 15 store tokens, and got emergency tokens once some had accrued
    assertThat(syncWithoutStore(h, "a", 15, 0, StoreOutcome.NOT_ATTEMPTED).leases().get(0).tokens())
        .as("an outage starts from an empty emergency bucket").isZero();
    h.clock.advanceMillis(100);
    long emergency = syncWithoutStore(h, "a", 0, 0, StoreOutcome.NOT_ATTEMPTED).leases().get(0).tokens();
    assertThat(emergency).isPositive();
    assertThat(h.leaser.degraded()).isTrue();

    h.clock.advanceMillis(200);
    // back: it used 5 more and returns everything it still holds: 20 store tokens + the emergency ones
    EdgeSyncResponse back = h.sync("a", report(Q, 5, 0, 0, 20 + emergency));
    assertThat(back.degraded()).isFalse();
    BucketSnapshot stored = h.store.peek(Q.asString()).result().orElseThrow();
    assertThat(stored.consumedTotal()).isEqualTo(20); // 15 during the outage + 5, each once
    assertThat(stored.returnedTotal()).isEqualTo(20); // only tokens that came from the store
    assertThat(stored.grantedTotal()).isEqualTo(40 + back.leases().get(0).tokens());
  }

  @Test
  void a_failed_call_drops_the_returns_it_carried() {
    LeaserHarness h = harness(1000);
    h.lease("a", Q, 0, 100);
    h.clock.advanceMillis(200);
    syncWithoutStore(h, "a", 0, 40, StoreOutcome.FAILED);
    h.clock.advanceMillis(200);
    h.sync("a", report(Q, 0, 0, 0, 0));

    assertThat(h.store.peek(Q.asString()).result().orElseThrow().returnedTotal()).isZero();
    assertThat(h.leaser.stats().droppedReturnTokens()).isEqualTo(40);
  }

  @Test
  void without_a_grant_a_quota_gets_its_floor_and_without_a_floor_nothing() {
    LeaserSettings settings = LeaserSettings.defaults(LeaserHarness.REGION, "agg-1");
    QuotaId api = QuotaId.aggregate("api", 0);
    for (long floor : new long[] {0, 100}) {
      LeaserHarness h = new LeaserHarness(settings,
          rule("api", QuotaPolicy.global(false, perSecond(3000), 3000, perSecond(floor), 3)));
      long granted = 0;
      long last = 0;
      for (int i = 0; i < 10; i++) { // 1 s of outage, no grant from the coordinator yet; all used
        h.clock.advanceMillis(100);
        last = h.syncWithoutStore(h.request("a", report(api, last, 0, 10_000, 0)), StoreOutcome.NOT_ATTEMPTED)
            .leases().get(0).tokens();
        granted += last;
      }
      assertThat(granted).as("floor %d/s", floor).isBetween(floor * 9 / 10, floor);
    }
  }

  @Test
  void over_an_outage_and_the_recovery_the_region_leases_within_its_buckets_bound() {
    LeaserHarness h = harness(1000); // the key's share here: 1000/s, burst 1000
    long leased = h.lease("a", Q, 0, 100).tokens();
    long last = leased;
    for (int i = 0; i < 50; i++) { // 5 s of outage, everything used
      h.clock.advanceMillis(100);
      last = syncWithoutStore(h, "a", last, 0, StoreOutcome.NOT_ATTEMPTED).leases().get(0).tokens();
      leased += last;
    }
    for (int i = 0; i < 10; i++) { // 1 s with the store back (its bucket refilled to its burst)
      h.clock.advanceMillis(100);
      last = h.sync("a", report(Q, last, 0, 10_000, 0)).leases().get(0).tokens();
      leased += last;
    }
    // 6 s at 1000/s and one burst: what the region's token bucket allows over any 6 s
    assertThat(leased).isLessThanOrEqualTo(1000 * 6 + 1000).isGreaterThan(1000 * 5);
  }
}
