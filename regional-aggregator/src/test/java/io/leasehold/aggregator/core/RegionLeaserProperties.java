package io.leasehold.aggregator.core;

import static io.leasehold.aggregator.core.LeaserHarness.perSecond;
import static io.leasehold.aggregator.core.LeaserHarness.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.QuotaReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RegionLeaserProperties {
  private static final QuotaId Q = new QuotaId("api", 0, "k");

  /**
   * Whatever edges report (honest or not) and whatever the store does, the store is never credited
   * with more than it handed out, and the region never leases more than burst + refill from it plus
   * the bounded emergency share.
   */
  @Property(tries = 200)
  void leases_stay_within_the_regional_bucket_and_the_emergency_share(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 2) Integer> edges,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 60) Integer> consumed,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 60) Integer> returned,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 3) Integer> storeState,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 300) Integer> advanceMillis) {
    LeaserSettings settings = LeaserSettings.defaults(LeaserHarness.REGION, "agg").withCoordinated(false)
        .withEmergencyPermille(500);
    long rate = 200;
    long burst = 100;
    long floor = 40;
    LeaserHarness h = new LeaserHarness(settings,
        rule("api", QuotaPolicy.global(true, perSecond(rate * 3), burst * 3, perSecond(floor), 3)));
    int steps = Math.min(Math.min(edges.size(), consumed.size()),
        Math.min(Math.min(returned.size(), storeState.size()), advanceMillis.size()));
    long elapsedMillis = 0;
    long fromStore = 0;
    long fromEmergency = 0;
    long renewedInPlace = 0;
    long reportedReturned = 0;
    Map<String, Long> held = new HashMap<>();
    for (int i = 0; i < steps; i++) {
      h.clock.advanceMillis(advanceMillis.get(i));
      elapsedMillis += advanceMillis.get(i);
      String edge = "e" + edges.get(i);
      QuotaReport report = new QuotaReport(Q, consumed.get(i), 0, perSecond(500), returned.get(i), 0);
      SyncPlan plan = h.leaser.plan(h.request(edge, report));
      EdgeSyncResponse response;
      if (storeState.get(i) == 0) {
        response = h.leaser.completeWithoutStore(plan, StoreOutcome.NOT_ATTEMPTED);
        fromEmergency += response.leases().get(0).tokens();
      } else if (storeState.get(i) == 1) {
        h.store.takeAndReturn(plan.ops()); // applied, but the answer is lost
        response = h.leaser.completeWithoutStore(plan, StoreOutcome.FAILED);
        fromEmergency += response.leases().get(0).tokens();
      } else {
        boolean inPlace = plan.items().get(0).inPlace();
        List<StoreResult> results = h.store.takeAndReturn(plan.ops()).result();
        response = h.leaser.complete(plan, results);
        if (inPlace) {
          renewedInPlace += response.leases().get(0).tokens();
        } else {
          fromStore += response.leases().get(0).tokens();
        }
      }
      reportedReturned += returned.get(i);
      held.merge(edge, response.leases().get(0).tokens(), Long::sum);
    }
    BucketSnapshot stored = h.store.peek(Q.asString()).result().orElse(null);
    if (stored != null) {
      assertThat(stored.returnedTotal()).isLessThanOrEqualTo(stored.grantedTotal());
      long refill = elapsedMillis * rate / 1000;
      assertThat(stored.grantedTotal()).isLessThanOrEqualTo(burst + refill + stored.returnedTotal());
    }
    long emergencyRate = rate / 2; // half (permille 500) of the region's default share of the key
    assertThat(fromEmergency).isLessThanOrEqualTo(emergencyRate + elapsedMillis * emergencyRate / 1000);
    assertThat(fromStore).isLessThanOrEqualTo(stored == null ? 0 : stored.grantedTotal());
    // An idle lease renewed in place is tokens an edge gave back, leased to it again without a
    // store op: never more than the edges returned (counting it as a new take from the store failed
    // on two syncs at one instant, the second returning one token, which a seed found 2026-11-24).
    assertThat(renewedInPlace).isLessThanOrEqualTo(reportedReturned);
  }

  /**
   * Under {@code thin_share: hold}, whatever edges hold, refuse, use and return: the store never
   * hands out more than burst + refill + returns, a report holding nothing gets no token of a
   * contended thin share, and one holding a request gets at most what it holds.
   */
  @Property(tries = 200)
  void thin_shares_are_leased_only_to_held_requests_and_within_the_bucket(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 9) Integer> edges,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 2) Integer> consumed,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 3) Integer> denied,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 2) Integer> heldTokens,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 300) Integer> advanceMillis) {
    long rate = 4; // over ten edges: well under a token per 200 ms sync interval each
    long burst = 8;
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(rate), burst)
        .holdingThinShares()));
    int steps = Math.min(Math.min(edges.size(), consumed.size()),
        Math.min(Math.min(denied.size(), heldTokens.size()), advanceMillis.size()));
    long elapsedMillis = 0;
    long lastRefusalMillis = Long.MIN_VALUE / 2;
    for (int i = 0; i < steps; i++) {
      h.clock.advanceMillis(advanceMillis.get(i));
      elapsedMillis += advanceMillis.get(i);
      if (denied.get(i) > 0) {
        lastRefusalMillis = elapsedMillis;
      }
      long held = heldTokens.get(i);
      QuotaReport report = new QuotaReport(Q, consumed.get(i), denied.get(i), perSecond(10), 0, 0, held);
      long tokens = h.sync("e" + edges.get(i), report).leases().get(0).tokens();
      if (elapsedMillis - lastRefusalMillis < 4 * 200) { // contended: a refusal within four sync intervals
        assertThat(tokens).as("step %d: a contended thin share's lease", i).isLessThanOrEqualTo(held);
      }
    }
    BucketSnapshot stored = h.store.peek(Q.asString()).result().orElse(null);
    if (stored != null) {
      assertThat(stored.grantedTotal()).isLessThanOrEqualTo(burst + elapsedMillis * rate / 1000 + stored.returnedTotal());
    }
  }

  @Example
  void an_idle_lease_renewed_in_place_is_not_counted_as_a_second_take() {
    leases_stay_within_the_regional_bucket_and_the_emergency_share(
        List.of(0, 0), List.of(0, 0), List.of(0, 1), List.of(2, 2), List.of(0, 0));
  }

  /**
   * DESIGN invariant 2 at the aggregator for an aggregate quota: after every store op, the tokens
   * left in the regional bucket plus those its edges hold never exceed the burst, however edges
   * use, return and wait.
   */
  @Property(tries = 200)
  void an_aggregate_quotas_bucket_and_its_edges_leases_stay_within_the_burst(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 3) Integer> edges,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 100) Integer> usePercent,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 100) Integer> returnPercent,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 1_500) Integer> wantedPerSecond,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 3_000) Integer> advanceMillis,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 9) Integer> longPause) {
    QuotaId search = QuotaId.aggregate("search", 0);
    long burst = 300;
    LeaserHarness h = new LeaserHarness(LeaserSettings.defaults(LeaserHarness.REGION, "agg").withCoordinated(false),
        rule("search", QuotaPolicy.regional(false, perSecond(1_000), burst)));
    int steps = Math.min(Math.min(Math.min(edges.size(), usePercent.size()), returnPercent.size()),
        Math.min(wantedPerSecond.size(), advanceMillis.size()));
    Map<String, Long> holding = new HashMap<>(); // what each edge holds of its last lease, as an honest edge knows it
    for (int i = 0; i < steps; i++) {
      h.clock.advanceMillis(advanceMillis.get(i));
      if (longPause.get(i % longPause.size()) == 0) {
        // Past every lease but with one edge still about: housekeeping forgets the silent edges and
        // keeps the quota.
        h.clock.advanceMillis(200_000);
        h.sync("keeper", new QuotaReport(search, 0, 0, perSecond(1), 0, 0));
        h.clock.advanceMillis(100_000);
        h.leaser.tick();
        holding.clear();
      }
      String edge = "e" + edges.get(i);
      long holds = holding.getOrDefault(edge, 0L);
      long used = holds * usePercent.get(i) / 100;
      long returned = (holds - used) * returnPercent.get(i) / 100;
      QuotaReport report = new QuotaReport(search, used, 0, perSecond(wantedPerSecond.get(i)), returned, 0);
      SyncPlan plan = h.leaser.plan(h.request(edge, report));
      EdgeSyncResponse response = h.leaser.complete(plan, h.store.takeAndReturn(plan.ops()).result());
      holding.put(edge, holds - used - returned + response.leases().get(0).tokens());
      BucketSnapshot bucket = h.store.peek(search.asString()).result().orElseThrow();
      long[] held = h.leaser.storeHeld(search);
      assertThat(held[0]).as("the kept total of what the edges hold").isEqualTo(held[1]);
      assertThat(bucket.levelMilliTokens() / 1000 + held[0]).isLessThanOrEqualTo(burst);
    }
  }
}
