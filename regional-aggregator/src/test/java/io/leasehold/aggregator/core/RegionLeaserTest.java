package io.leasehold.aggregator.core;

import static io.leasehold.aggregator.core.LeaserHarness.answer;
import static io.leasehold.aggregator.core.LeaserHarness.grant;
import static io.leasehold.aggregator.core.LeaserHarness.perSecond;
import static io.leasehold.aggregator.core.LeaserHarness.report;
import static io.leasehold.aggregator.core.LeaserHarness.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.StoreOp;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.RegionSyncRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegionLeaserTest {
  private static final QuotaId HOT = new QuotaId("api", 0, "k1");

  @Test
  void tops_an_edge_up_to_its_demand_over_the_prefetch_horizon() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(false, perSecond(1000), 1000)));

    Lease first = h.lease("e1", HOT, 0, 100);
    assertThat(first.tokens()).isEqualTo(40); // 100/s × 400 ms
    assertThat(first.ttlMillis()).isEqualTo(16_000); // it has used nothing yet: an idle edge's lease
    assertThat(first.epoch()).isPositive();

    h.clock.advanceMillis(200);
    Lease second = h.lease("e1", HOT, 30, 100);
    assertThat(second.tokens()).isEqualTo(second.burst() - 10); // still holds 10: topped up to its target
    assertThat(second.ttlMillis()).isEqualTo(2000);
    assertThat(second.epoch()).isGreaterThan(first.epoch());
    assertThat(h.store.peek(HOT.asString()).result().orElseThrow().consumedTotal()).isEqualTo(30);
  }

  @Test
  void over_its_bound_forgets_the_longest_unused_quota_but_not_one_active_within_a_lease_ttl() {
    LeaserHarness h = new LeaserHarness(LeaserSettings.defaults("eu-west", "agg-1").withMaxQuotas(3),
        rule("api", QuotaPolicy.regional(true, perSecond(1000), 1000)));
    QuotaId[] k = new QuotaId[7];
    for (int i = 1; i < k.length; i++) {
      k[i] = new QuotaId("api", 0, "k" + i);
    }
    h.lease("e1", k[1], 0, 10);
    h.lease("e1", k[2], 0, 10);
    h.lease("e1", k[3], 0, 10);
    h.clock.advanceMillis(3_000); // beyond the 2 s lease TTL
    h.lease("e1", k[2], 0, 10); // active again
    h.lease("e1", k[4], 0, 10);
    assertThat(h.leaser.tracks(k[1])).as("made first, unused since").isFalse();

    h.lease("e1", k[5], 0, 10); // k2 was made before k3, but is active: k3 goes
    assertThat(h.leaser.tracks(k[3])).isFalse();
    assertThat(h.leaser.tracks(k[2])).isTrue();

    h.lease("e1", k[6], 0, 10); // every quota is active: after its chances one goes regardless, never the new one
    assertThat(h.leaser.tracks(k[6])).isTrue();
    assertThat(h.leaser.stats().quotas()).isEqualTo(3);
  }

  @Test
  void an_edge_that_used_nothing_since_its_last_report_gets_a_longer_lease_and_is_remembered_while_it_holds_it() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(false, perSecond(1000), 1000)));
    h.lease("e1", HOT, 0, 100);
    h.clock.advanceMillis(200);
    assertThat(h.lease("e1", HOT, 20, 100).ttlMillis()).isEqualTo(2000); // in use
    h.clock.advanceMillis(2_000);
    Lease idle = h.lease("e1", HOT, 0, 100); // its lease lapsed unused
    LeaserSettings settings = LeaserSettings.defaults("eu-west", "agg-1");
    assertThat(idle.ttlMillis()).isEqualTo(settings.idleLeaseTtl(1).toMillis()).isEqualTo(16_000);

    // housekeeping while the idle lease runs keeps what the edge holds: its return is credited
    for (int i = 0; i < 15; i++) {
      h.clock.advanceMillis(1_000);
      h.leaser.tick();
    }
    long returnedBefore = h.leaser.stats().tokensReturned();
    h.sync("e1", report(HOT, 0, 0, 0, idle.tokens()));
    assertThat(h.leaser.stats().tokensReturned() - returnedBefore).isEqualTo(idle.tokens());
  }

  @Test
  void an_edge_that_wants_and_used_nothing_is_leased_nothing_and_its_demand_is_forgotten() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(1000), 1000)));
    Lease first = h.lease("e1", HOT, 50, 100);
    assertThat(first.tokens()).isPositive();
    h.clock.advanceMillis(200);
    // the key left the edge's table: its final report gives the lease back and wants nothing
    EdgeSyncResponse answer = h.sync("e1", report(HOT, 0, 0, 0, first.burst()));
    assertThat(answer.leases()).allSatisfy(l -> assertThat(l.tokens()).isZero());
    h.clock.advanceMillis(200);
    answer = h.sync("e1", report(HOT, 0, 0, 0, 0));
    assertThat(answer.leases()).allSatisfy(l -> assertThat(l.tokens()).isZero());
    // back with demand: leased again from a fresh estimate
    h.clock.advanceMillis(200);
    assertThat(h.lease("e1", HOT, 10, 100).tokens()).isPositive();
  }

  @Test
  void an_edge_idle_report_after_report_gets_ever_longer_leases_up_to_the_cap_and_is_remembered_through_them() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(false, perSecond(1000), 1000)));
    LeaserSettings settings = h.leaser.settings();
    h.lease("e1", HOT, 20, 100);
    List<Long> ttls = new java.util.ArrayList<>();
    Lease lease = null;
    for (int i = 0; i < 7; i++) {
      h.clock.advanceMillis(lease == null ? 2_000 : lease.ttlMillis());
      h.leaser.tick(); // housekeeping just before the edge reports again keeps it
      lease = h.lease("e1", HOT, 0, 1);
      ttls.add(lease.ttlMillis());
    }
    assertThat(ttls).containsExactly(16_000L, 32_000L, 64_000L, 128_000L, 256_000L, 256_000L, 256_000L);
    assertThat(settings.maxIdleLeaseTtl().toMillis()).isEqualTo(256_000);
    // one use ends the streak
    h.clock.advanceMillis(1_000);
    assertThat(h.lease("e1", HOT, 1, 100).ttlMillis()).isEqualTo(2_000);
  }

  @Test
  void a_per_key_lease_of_a_single_token_or_to_an_idle_edge_lasts_the_longest_idle_ttl_at_once() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 200)));
    long longest = h.leaser.settings().maxIdleLeaseTtl().toMillis();
    assertThat(h.lease("e1", HOT, 0, 50).ttlMillis()).as("used nothing yet: idle, no ladder").isEqualTo(longest)
        .isEqualTo(256_000);
    h.clock.advanceMillis(200);
    Lease busy = h.lease("e1", HOT, 10, 50); // 50/s over the 400 ms horizon: 20 tokens
    assertThat(busy.burst()).isEqualTo(20);
    assertThat(busy.ttlMillis()).isEqualTo(2_000);
    h.lease("e2", HOT, 0, 2);
    h.clock.advanceMillis(2_000);
    Lease single = h.lease("e2", HOT, 1, 2); // one use in 2 s, 2/s wanted: one token
    assertThat(single.burst()).isEqualTo(1);
    assertThat(single.ttlMillis()).isEqualTo(longest);
    assertThat(h.lease("e1", HOT, 0, 50).ttlMillis()).as("idle again").isEqualTo(longest);
    h.clock.advanceMillis(200);
    assertThat(h.lease("e1", HOT, 5, 50).ttlMillis()).as("in use again").isEqualTo(2_000);

    // the edge holding the single token is remembered through its lease: its return is credited
    for (int i = 0; i < 250; i++) {
      h.clock.advanceMillis(1_000);
      h.leaser.tick();
    }
    long returnedBefore = h.leaser.stats().tokensReturned();
    h.sync("e2", report(HOT, 0, 0, 0, single.burst())); // a return alone waits for the quota's next op
    h.lease("e1", HOT, 1, 50);
    assertThat(h.leaser.stats().tokensReturned() - returnedBefore).isEqualTo(1);
  }

  @Test
  void a_return_alone_within_a_sync_intervals_refill_rides_with_the_quotas_next_store_op() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 200)));
    Lease first = h.lease("e1", HOT, 0, 50); // 20 tokens: 100/s refills 20 in a 200 ms sync interval
    assertThat(first.tokens()).isEqualTo(20);
    h.lease("e2", HOT, 0, 50);
    long takenBefore = h.store.peek(HOT.asString()).result().orElseThrow().grantedTotal();

    h.clock.advanceMillis(200);
    SyncPlan giveBack = h.leaser.plan(h.request("e1", report(HOT, 0, 0, 0, first.tokens())));
    assertThat(giveBack.ops()).as("no store op for the return alone").isEmpty();
    Lease none = h.leaser.complete(giveBack, List.of()).leases().get(0);
    assertThat(none.tokens()).isZero();
    assertThat(h.leaser.stats().tokensReturned()).isZero();
    assertThat(h.leaser.stats().leasesRenewedInPlace()).isZero();

    SyncPlan next = h.leaser.plan(h.request("e2", report(HOT, 5, 0, 50, 0)));
    assertThat(next.ops()).singleElement().satisfies(op -> {
      assertThat(op.giveBack()).as("e1's return rides along").isEqualTo(20);
      assertThat(op.consumed()).isEqualTo(5);
    });
    h.leaser.complete(next, h.store.takeAndReturn(next.ops()).result());
    assertThat(h.leaser.stats().tokensReturned()).isEqualTo(20);
    assertThat(h.store.peek(HOT.asString()).result().orElseThrow().returnedTotal()).isEqualTo(20);
    assertThat(h.store.peek(HOT.asString()).result().orElseThrow().grantedTotal()).isGreaterThan(takenBefore);
  }

  @Test
  void a_contended_thin_share_under_thin_share_hold_is_leased_only_to_an_edge_holding_a_request() {
    // 2/s in the region, edges refused: each share is at most 2/s, 0.4 tokens per 200 ms interval
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(2), 4).holdingThinShares()));
    assertThat(tokens(h.sync("e1", report(HOT, 0, 5, 10, 0)))).as("holds nothing").isZero();
    assertThat(tokens(h.sync("e2", report(HOT, 0, 5, 10, 0)))).isZero();

    h.clock.advanceMillis(200);
    assertThat(tokens(h.sync("e1", holding(HOT, 1)))).as("e1 holds a request").isEqualTo(1);
    assertThat(tokens(h.sync("e2", report(HOT, 0, 3, 10, 0)))).as("e2 holds none").isZero();
    assertThat(tokens(h.sync("e2", holding(HOT, 1)))).isEqualTo(1);
  }

  @Test
  void without_thin_share_hold_or_a_refusal_a_thin_share_is_leased_ahead() {
    LeaserHarness denying = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(2), 4)));
    assertThat(tokens(denying.sync("e1", report(HOT, 0, 5, 10, 0)))).isPositive();

    LeaserHarness uncontended =
        new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(2), 4).holdingThinShares()));
    assertThat(tokens(uncontended.sync("e1", report(HOT, 1, 0, 1, 0)))).as("nobody refused").isPositive();
  }

  private static QuotaReport holding(QuotaId quota, long held) {
    return new QuotaReport(quota, 0, 0, perSecond(10), 0, 0, held);
  }

  private static long tokens(EdgeSyncResponse response) {
    return response.leases().stream().mapToLong(Lease::tokens).sum();
  }

  @Test
  void a_return_of_more_than_a_sync_intervals_refill_goes_to_the_store_at_once() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(10), 20)));
    Lease lease = h.lease("e1", HOT, 0, 10); // 10/s × 400 ms: 4 tokens; the bucket refills 2 in 200 ms
    assertThat(lease.tokens()).isEqualTo(4);
    h.clock.advanceMillis(200);
    SyncPlan plan = h.leaser.plan(h.request("e1", report(HOT, 0, 0, 0, lease.tokens())));
    assertThat(plan.ops()).singleElement().satisfies(op -> assertThat(op.giveBack()).isEqualTo(4));
    h.leaser.complete(plan, h.store.takeAndReturn(plan.ops()).result());
    assertThat(h.leaser.stats().tokensReturned()).isEqualTo(4);
  }

  @Test
  void a_held_back_return_is_dropped_and_counted_with_its_quota() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 200)));
    Lease first = h.lease("e1", HOT, 0, 5);
    h.clock.advanceMillis(200);
    h.sync("e1", report(HOT, 0, 0, 0, first.tokens()));
    for (int i = 0; i < 600; i++) { // past the longest idle lease, the edge's idle span and the linger
      h.clock.advanceMillis(1_000);
      h.leaser.tick();
    }
    assertThat(h.leaser.stats().quotas()).isZero();
    assertThat(h.leaser.stats().droppedReturnTokens()).isEqualTo(first.tokens());
    assertThat(h.leaser.stats().tokensReturned()).isZero();
  }

  @Test
  void an_idle_lease_that_comes_back_to_be_renewed_unchanged_is_renewed_in_place_without_a_store_op() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 200)));
    Lease first = h.lease("e1", HOT, 0, 5);
    assertThat(first.tokens()).isEqualTo(2); // 5/s × 400 ms
    var bucket = h.store.peek(HOT.asString()).result().orElseThrow();

    h.clock.advanceMillis(first.ttlMillis());
    SyncPlan plan = h.leaser.plan(h.request("e1", report(HOT, 0, 0, 5, first.tokens())));
    assertThat(plan.ops()).isEmpty(); // give 2 back and take 2 again: nothing for the store to do
    Lease renewed = h.leaser.complete(plan, List.of()).leases().get(0);

    assertThat(renewed.tokens()).isEqualTo(first.tokens());
    assertThat(renewed.ttlMillis()).isEqualTo(256_000); // a per-key quota's idle lease: the longest at once
    assertThat(h.leaser.stats().leasesRenewedInPlace()).isEqualTo(1);
    assertThat(h.store.peek(HOT.asString()).result().orElseThrow())
        .usingRecursiveComparison().ignoringFields("ttlMillis").isEqualTo(bucket);
    // the renewed tokens are the edge's store tokens: used, they count; returned, they are credited
    h.clock.advanceMillis(200);
    long returnedBefore = h.leaser.stats().tokensReturned();
    h.sync("e1", report(HOT, 1, 0, 0, 1));
    assertThat(h.leaser.stats().tokensReturned() - returnedBefore).isEqualTo(1);
    assertThat(h.store.peek(HOT.asString()).result().orElseThrow().consumedTotal()).isEqualTo(1);
  }

  @Test
  void a_renewal_goes_to_the_store_when_it_uses_takes_or_returns_anything_else_or_the_bucket_refills_slower_than_a_sync() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 200)));
    Lease first = h.lease("e1", HOT, 0, 5);
    h.clock.advanceMillis(first.ttlMillis());
    // it used one of its two tokens: the store hears of it
    assertThat(h.leaser.plan(h.request("e1", report(HOT, 1, 0, 5, 1))).ops()).hasSize(1);

    QuotaId slow = new QuotaId("slow", 0, "k1");
    LeaserHarness s = new LeaserHarness(rule("slow", QuotaPolicy.regional(true, perSecond(1), 5)));
    Lease one = s.lease("e1", slow, 0, 1);
    assertThat(one.tokens()).isEqualTo(1);
    s.clock.advanceMillis(one.ttlMillis());
    // 1 token takes 1 s to refill at 1/s, longer than a sync interval: give and take run in the store
    assertThat(s.leaser.plan(s.request("e1", report(slow, 0, 0, 1, 1))).ops()).hasSize(1);
  }

  @Test
  void an_in_place_renewal_needs_no_store_and_does_not_mark_the_replica_degraded() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 200)));
    Lease first = h.lease("e1", HOT, 0, 5);
    h.clock.advanceMillis(first.ttlMillis());
    EdgeSyncResponse answer = h.syncWithoutStore(h.request("e1", report(HOT, 0, 0, 5, first.tokens())),
        StoreOutcome.FAILED);
    assertThat(answer.leases()).singleElement().satisfies(l -> assertThat(l.tokens()).isEqualTo(first.tokens()));
    assertThat(h.leaser.storeDegraded()).isFalse();
    assertThat(h.leaser.stats().emergencyTokensGranted()).isZero();
  }

  @Test
  void an_aggregate_quotas_bucket_holds_at_most_its_burst_less_what_the_edges_hold() {
    QuotaId search = QuotaId.aggregate("search", 0);
    LeaserHarness h = new LeaserHarness(rule("search", QuotaPolicy.regional(false, perSecond(100), 100)));
    assertThat(h.lease("e1", search, 0, 100).tokens()).isEqualTo(40);
    h.clock.advanceMillis(5_000); // long enough to refill the whole burst
    Lease second = h.lease("e2", search, 0, 10);
    long level = h.store.peek(search.asString()).result().orElseThrow().levelMilliTokens() / 1000;
    // unleased plus leased stays within the burst (DESIGN invariant 2): a bucket refilled to its
    // whole burst while e1 held 40 would let a surge admit 140 before the rate
    assertThat(level + 40 + second.tokens()).isEqualTo(100);
  }

  @Test
  void a_per_key_quotas_bucket_is_not_capped_by_what_the_edges_hold() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)));
    assertThat(h.lease("e1", HOT, 0, 100).tokens()).isEqualTo(40);
    h.clock.advanceMillis(5_000);
    Lease second = h.lease("e2", HOT, 0, 10);
    long level = h.store.peek(HOT.asString()).result().orElseThrow().levelMilliTokens() / 1000;
    // a key's burst is small against its edges' one-token leases: capped, its refill was lost
    // (million-keys: false rejects 6.0 -> 10.4 %), so a key keeps that slack (regional-aggregator/README.md)
    assertThat(level + second.tokens()).isEqualTo(100);
  }

  @Test
  void caps_each_edge_at_its_fair_share_when_the_region_is_scarce() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)));
    h.lease("greedy", HOT, 0, 1000);
    h.lease("modest", HOT, 0, 20);
    h.clock.advanceMillis(200);
    Lease greedy = h.lease("greedy", HOT, 0, 1000);
    Lease modest = h.lease("modest", HOT, 0, 20);

    assertThat(modest.microTokensPerSecond()).isEqualTo(perSecond(20));
    assertThat(greedy.microTokensPerSecond()).isEqualTo(perSecond(80));
  }

  @Test
  void never_grants_more_than_burst_plus_refill() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(500), 200)));
    long granted = 0;
    Map<String, Long> held = new java.util.HashMap<>();
    for (int round = 0; round < 50; round++) {
      for (String edge : List.of("a", "b", "c", "d")) {
        long tokens = h.lease(edge, HOT, held.getOrDefault(edge, 0L), 10_000).tokens(); // used it all
        held.put(edge, tokens);
        granted += tokens;
      }
      h.clock.advanceMillis(100);
    }
    assertThat(granted).isLessThanOrEqualTo(200 + 500 * 5);
    assertThat(granted).isGreaterThan(500 * 4);
  }

  @Test
  void credits_returns_to_the_store_but_never_more_than_the_store_handed_out() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)));
    assertThat(h.lease("e1", HOT, 0, 100).tokens()).isEqualTo(40);

    h.sync("e1", report(HOT, 10, 0, 0, 1_000)); // claims to return far more than it held
    assertThat(h.store.peek(HOT.asString()).result().orElseThrow().returnedTotal()).isEqualTo(30);
    assertThat(h.leaser.stats().tokensReturned()).isEqualTo(30);
  }

  @Test
  void starter_admissions_of_an_edge_without_a_lease_are_repaid_from_the_regional_bucket() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)));
    // first contact: the edge admitted 25 requests from its starter allowance and holds no lease
    Lease first = h.lease("e1", HOT, 25, 100);

    var bucket = h.store.peek(HOT.asString()).result().orElseThrow();
    assertThat(h.leaser.stats().debtRepaid()).isEqualTo(25);
    assertThat(bucket.grantedTotal()).isEqualTo(first.tokens() + 25);
    assertThat(first.tokens()).isEqualTo(40);
  }

  @Test
  void consumption_of_an_edge_that_holds_a_lease_is_never_debt_even_beyond_what_this_replica_leased() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(1000), 1000)));
    Lease first = h.lease("e1", HOT, 0, 100);
    h.clock.advanceMillis(200);
    // the edge also spent a lease another replica gave it: 90 consumed against our 40
    h.sync("e1", new QuotaReport(HOT, 90, 0, perSecond(100), 0, first.epoch() + 7));

    assertThat(h.leaser.stats().debtRepaid()).isZero();
    assertThat(h.store.peek(HOT.asString()).result().orElseThrow().grantedTotal())
        .isEqualTo(h.leaser.stats().tokensGranted());
  }

  @Test
  void a_replayed_request_changes_nothing_and_gets_no_leases() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)));
    var request = h.request("e1", report(HOT, 0, 0, 100, 0));
    h.sync(request);
    SyncPlan replay = h.leaser.plan(request);

    assertThat(replay.isReplay()).isTrue();
    assertThat(replay.ops()).isEmpty();
    assertThat(h.leaser.complete(replay, List.of()).leases()).isEmpty();
    assertThat(h.leaser.stats().replays()).isEqualTo(1);
  }

  @Test
  void a_global_aggregate_uses_its_floor_until_granted_and_again_after_the_grant_expires() {
    QuotaId aggregate = QuotaId.aggregate("search", 0);
    LeaserHarness h = new LeaserHarness(
        rule("search", QuotaPolicy.global(false, perSecond(1000), 1000, perSecond(100), 3)));
    assertThat(h.leaser.capacity(aggregate).orElseThrow().source()).isEqualTo(RegionCapacity.Source.FLOOR);
    assertThat(h.leaser.capacity(aggregate).orElseThrow().microTokensPerSecond()).isEqualTo(perSecond(100));

    long sentAt = h.leaser.regionReport().sentAtNanos();
    h.clock.advanceMillis(30);
    AppliedRegionSync applied = h.leaser.apply(answer(7, List.of(grant(aggregate, 600, 600, 1, 3000, 7)), List.of()), sentAt);
    assertThat(applied.grantsApplied()).isEqualTo(1);
    RegionCapacity granted = h.leaser.capacity(aggregate).orElseThrow();
    assertThat(granted.source()).isEqualTo(RegionCapacity.Source.GRANT);
    assertThat(granted.microTokensPerSecond()).isEqualTo(perSecond(600));

    // TTL runs from when the report was sent, minus 1 % and the 50 ms margin: 3000 - 30 - 50
    h.clock.setNanos(sentAt + 2_919_000_000L);
    assertThat(h.leaser.capacity(aggregate).orElseThrow().source()).isEqualTo(RegionCapacity.Source.GRANT);
    h.clock.advanceMillis(2);
    RegionCapacity lapsed = h.leaser.capacity(aggregate).orElseThrow();
    assertThat(lapsed.source()).isEqualTo(RegionCapacity.Source.FLOOR);
    assertThat(lapsed.microTokensPerSecond()).isEqualTo(perSecond(60)); // the grant's floor
  }

  @Test
  void ignores_grants_from_a_deposed_leader_and_older_epochs() {
    QuotaId aggregate = QuotaId.aggregate("search", 0);
    LeaserHarness h = new LeaserHarness(
        rule("search", QuotaPolicy.global(false, perSecond(1000), 1000, 0, 2)));
    long sentAt = h.leaser.regionReport().sentAtNanos();
    h.leaser.apply(answer(9, List.of(grant(aggregate, 500, 500, 5, 3000, 9)), List.of()), sentAt);

    AppliedRegionSync deposed = h.leaser.apply(answer(8, List.of(grant(aggregate, 900, 900, 6, 3000, 8)), List.of()), sentAt);
    assertThat(deposed.accepted()).isFalse();
    AppliedRegionSync older = h.leaser.apply(answer(9, List.of(grant(aggregate, 900, 900, 4, 3000, 9)), List.of()), sentAt);
    assertThat(older.grantsIgnored()).isEqualTo(1);
    assertThat(h.leaser.capacity(aggregate).orElseThrow().microTokensPerSecond()).isEqualTo(perSecond(500));
    assertThat(h.leaser.stats().staleLeaderAnswers()).isEqualTo(1);

    AppliedRegionSync newLeader = h.leaser.apply(answer(10, List.of(grant(aggregate, 400, 400, 1, 3000, 10)), List.of()), sentAt);
    assertThat(newLeader.grantsApplied()).isEqualTo(1);
    assertThat(h.leaser.fencingTokenSeen()).isEqualTo(10);
    assertThat(h.leaser.capacity(aggregate).orElseThrow().microTokensPerSecond()).isEqualTo(perSecond(400));
  }

  @Test
  void keys_that_are_not_hot_get_the_rules_default_share() {
    QuotaPolicy equal = QuotaPolicy.global(true, perSecond(300), 90, perSecond(30), 3);
    QuotaPolicy weights = new QuotaPolicy(true, true, perSecond(300), 90, 0, QuotaPolicy.KeyShare.WEIGHTS, 2, 3);
    QuotaPolicy traffic = new QuotaPolicy(true, true, perSecond(300), 90, 0, QuotaPolicy.KeyShare.TRAFFIC, 0, 1);
    LeaserHarness h = new LeaserHarness(QuotaPolicies.of(Map.of(
        QuotaId.aggregate("eq", 0), equal, QuotaId.aggregate("w", 0), weights, QuotaId.aggregate("t", 0), traffic)));

    RegionCapacity eq = h.leaser.capacity(new QuotaId("eq", 0, "k")).orElseThrow();
    assertThat(eq).isEqualTo(new RegionCapacity(perSecond(100), 30, perSecond(30), RegionCapacity.Source.DEFAULT_SHARE));
    assertThat(h.leaser.capacity(new QuotaId("w", 0, "k")).orElseThrow().microTokensPerSecond()).isEqualTo(perSecond(200));
    assertThat(h.leaser.capacity(new QuotaId("t", 0, "k")).orElseThrow().microTokensPerSecond()).isZero(); // no floor

    // the coordinator's grant for the rule aggregate carries the region's traffic share (here 60 %)
    long sentAt = h.leaser.regionReport().sentAtNanos();
    h.leaser.apply(answer(1, List.of(grant(QuotaId.aggregate("t", 0), 180, 54, 1, 5000, 1)), List.of()), sentAt);
    RegionCapacity share = h.leaser.capacity(new QuotaId("t", 0, "k")).orElseThrow();
    assertThat(share.microTokensPerSecond()).isEqualTo(perSecond(180));
    assertThat(share.burst()).isEqualTo(54);
  }

  @Test
  void a_traffic_share_without_a_valid_aggregate_grant_falls_back_to_the_floor_not_to_an_equal_share() {
    // us-east may hold 80 % of the limit as its traffic share; 1/3 here would put Σ at 113 %
    QuotaPolicy traffic = new QuotaPolicy(true, true, perSecond(300), 90, perSecond(30),
        QuotaPolicy.KeyShare.TRAFFIC, 0, 1);
    LeaserHarness h = new LeaserHarness(rule("t", traffic));
    QuotaId key = new QuotaId("t", 0, "k");
    RegionCapacity before = h.leaser.capacity(key).orElseThrow();
    assertThat(before).isEqualTo(new RegionCapacity(perSecond(30), 30, perSecond(30), RegionCapacity.Source.FLOOR));

    long sentAt = h.leaser.regionReport().sentAtNanos();
    h.leaser.apply(answer(1, List.of(grant(QuotaId.aggregate("t", 0), 60, 18, 1, 3000, 1)), List.of()), sentAt);
    RegionCapacity granted = h.leaser.capacity(key).orElseThrow();
    assertThat(granted.source()).isEqualTo(RegionCapacity.Source.DEFAULT_SHARE);
    assertThat(granted.microTokensPerSecond()).isEqualTo(perSecond(60));

    h.clock.setNanos(sentAt + 2_921_000_000L); // past 3000 ms − 1 % − 50 ms
    h.leaser.tick();
    assertThat(h.leaser.capacity(key).orElseThrow()).isEqualTo(before);
    assertThat(h.lease("e1", key, 0, 1000).tokens()).isLessThanOrEqualTo(30);
  }

  @Test
  void a_lapsed_hot_key_grant_keeps_the_key_on_its_floor_for_the_grant_ttl_plus_two_margins() {
    LeaserSettings settings = LeaserSettings.defaults(LeaserHarness.REGION, "agg-1").withHotLinger(Duration.ofSeconds(1));
    LeaserHarness h = new LeaserHarness(settings, rule("api", QuotaPolicy.global(true, perSecond(300), 90, 0, 3)));
    long sentAt = h.leaser.regionReport().sentAtNanos();
    h.leaser.apply(answer(1, List.of(grant(HOT, 30, 9, 1, 3000, 1)), List.of()), sentAt);
    long expiresAt = sentAt + 2_920_000_000L; // 3000 ms − 1 % − 50 ms
    assertThat(h.leaser.capacity(HOT).orElseThrow().source()).isEqualTo(RegionCapacity.Source.GRANT);

    // a configured linger of 1 s would return to the 100/s default share here, while the
    // coordinator may still count this region on the 30/s key grant and give the rest away
    h.clock.setNanos(expiresAt + 1_500_000_000L);
    h.leaser.tick();
    assertThat(h.leaser.capacity(HOT).orElseThrow().source()).isEqualTo(RegionCapacity.Source.FLOOR);

    // the linger is the TTL + 2 × (1 % + 50 ms) = 3160 ms
    long linger = settings.lapsedGrantLingerNanos(3_000_000_000L);
    assertThat(linger).isEqualTo(3_160_000_000L);
    h.clock.setNanos(expiresAt + linger);
    h.leaser.tick();
    assertThat(h.leaser.capacity(HOT).orElseThrow().source()).isEqualTo(RegionCapacity.Source.FLOOR);
    h.clock.advanceMillis(1);
    h.leaser.tick();
    assertThat(h.leaser.capacity(HOT).orElseThrow().source()).isEqualTo(RegionCapacity.Source.DEFAULT_SHARE);
  }

  @Test
  void the_lapsed_grant_linger_is_the_configured_one_when_that_is_longer() {
    LeaserSettings settings = LeaserSettings.defaults(LeaserHarness.REGION, "agg-1");
    assertThat(settings.lapsedGrantLingerNanos(3_000_000_000L)).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(settings.lapsedGrantLingerNanos(60_000_000_000L)).isEqualTo(61_300_000_000L); // 60 s + 2 × (600 ms + 50 ms)
  }

  @Test
  void a_key_near_exhaustion_becomes_hot_and_is_reported_individually() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.global(true, perSecond(300), 30, 0, 3)));
    QuotaId cold = new QuotaId("api", 0, "cold");
    h.lease("e1", cold, 0, 1);
    assertThat(h.leaser.isHot(cold)).isFalse();

    h.lease("e1", HOT, 0, 1000); // wants 400 tokens from a 10-token default share
    assertThat(h.leaser.isHot(HOT)).isTrue();

    h.clock.advanceMillis(h.leaser.settings().edgeSyncInterval().toMillis()); // the rule's first report waits for an edge round
    RegionSyncRequest report = h.leaser.regionReport().request();
    assertThat(report.hotKeys()).extracting(d -> d.quota()).containsExactly(HOT);
    assertThat(report.ruleDemand()).extracting(d -> d.quota()).containsExactly(QuotaId.aggregate("api", 0));
    assertThat(report.hotKeys().get(0).demandMicroTokensPerSecond()).isGreaterThanOrEqualTo(perSecond(1000));
  }

  @Test
  void a_rule_is_first_reported_once_its_edges_had_a_sync_interval_and_at_the_rate_seen_since() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.global(true, perSecond(3000), 3000, 0, 3)));
    QuotaId aggregate = QuotaId.aggregate("api", 0);
    long edgeInterval = h.leaser.settings().edgeSyncInterval().toMillis();
    h.clock.advanceMillis(5_000); // long after the leaser started: its first region report is not the rule's
    h.leaser.regionReport();
    h.lease("e1", new QuotaId("api", 0, "k"), 200, 200);
    assertThat(h.leaser.regionReport().request().ruleDemand()).isEmpty();

    h.clock.advanceMillis(edgeInterval);
    List<io.leasehold.model.message.DemandReport> first = h.leaser.regionReport().request().ruleDemand();
    assertThat(first).extracting(d -> d.quota()).containsExactly(aggregate);
    // 200 consumed over the interval it was watched, not over the time since the last region report
    assertThat(first.get(0).demandMicroTokensPerSecond()).isEqualTo(perSecond(200 * 1000 / edgeInterval));
  }

  @Test
  void a_key_active_here_and_hot_elsewhere_becomes_hot() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.global(true, perSecond(3000), 3000, 0, 3)));
    h.lease("e1", HOT, 0, 1);
    assertThat(h.leaser.isHot(HOT)).isFalse();
    long sentAt = h.leaser.regionReport().sentAtNanos();
    h.leaser.apply(answer(1, List.of(), List.of(HOT)), sentAt);
    assertThat(h.leaser.isHot(HOT)).isTrue();
  }

  @Test
  void the_region_report_sums_usage_per_rule_and_acks_the_grants_in_force() {
    QuotaId aggregate = QuotaId.aggregate("api", 0);
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.global(true, perSecond(3000), 3000, 0, 3)));
    h.lease("e1", new QuotaId("api", 0, "a"), 0, 10);
    h.lease("e1", new QuotaId("api", 0, "b"), 0, 10);
    h.clock.advanceMillis(200);
    h.sync("e1", report(new QuotaId("api", 0, "a"), 3, 1, 10, 0), report(new QuotaId("api", 0, "b"), 4, 0, 10, 0));
    long sentAt = h.leaser.regionReport().sentAtNanos();
    h.leaser.apply(answer(3, List.of(grant(aggregate, 1000, 1000, 12, 5000, 3)), List.of()), sentAt);
    h.clock.advanceMillis(100);

    RegionSyncRequest second = h.leaser.regionReport().request();
    assertThat(second.fencingTokenSeen()).isEqualTo(3);
    assertThat(second.acks()).singleElement().satisfies(a -> assertThat(a.epoch()).isEqualTo(12));
    assertThat(second.held()).singleElement().satisfies(g -> assertThat(g.remainingTtlMillis()).isBetween(4000L, 4900L));
    assertThat(second.seq()).isEqualTo(2);
    assertThat(second.ruleDemand()).singleElement().satisfies(d -> {
      assertThat(d.consumed()).isZero(); // the first report took the usage
    });
  }

  @Test
  void relays_the_rules_to_edges_that_hold_another_revision() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)));
    assertThat(h.sync("e1").config()).isEmpty(); // the harness sends revision 1
    h.leaser.updateRules(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)), 2, Optional.of("rules: [x]"));
    EdgeSyncResponse response = h.sync("e1");
    assertThat(response.configRevision()).isEqualTo(2);
    assertThat(response.config()).contains("rules: [x]");
  }

  @Test
  void reports_degraded_when_the_coordinator_stays_silent() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)));
    assertThat(h.leaser.degraded()).isFalse();
    h.clock.advanceMillis(3_001);
    assertThat(h.leaser.degraded()).isTrue();
    long sentAt = h.leaser.regionReport().sentAtNanos();
    h.leaser.apply(answer(1, List.of(), List.of()), sentAt);
    assertThat(h.leaser.degraded()).isFalse();
  }

  @Test
  void unknown_rules_get_no_lease_and_no_store_op() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(100), 100)));
    SyncPlan plan = h.leaser.plan(h.request("e1", report(new QuotaId("other", 0, "k"), 1, 0, 10, 0)));
    assertThat(plan.ops()).isEmpty();
    assertThat(h.leaser.complete(plan, List.of()).leases()).isEmpty();
    assertThat(h.leaser.stats().unknownQuotaReports()).isEqualTo(1);
  }

  @Test
  void store_ops_carry_the_regions_rate_and_burst() {
    LeaserHarness h = new LeaserHarness(rule("api", QuotaPolicy.regional(true, perSecond(250), 75)));
    StoreOp op = h.leaser.plan(h.request("e1", report(HOT, 0, 0, 10, 0))).ops().get(0);
    assertThat(op.quotaKey()).isEqualTo(HOT.asString());
    assertThat(op.rateMicroTokensPerSecond()).isEqualTo(perSecond(250));
    assertThat(op.burst()).isEqualTo(75);
    assertThat(op.take()).isEqualTo(4);
  }
}
