package io.leasehold.coordinator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.message.DemandReport;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.time.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CentralPoolTest {
  private static final long TOKEN = 42;
  private static final QuotaId AGG = QuotaId.aggregate("agg", 0);
  private static final QuotaId PER = QuotaId.aggregate("per", 0);
  private static final QuotaId HOT = new QuotaId("per", 0, "alice");

  private final ManualClock clock = new ManualClock(5_000_000_000L);
  private final Map<String, RegionModel> regions = new HashMap<>();

  /** A leader past its failover reservation (elected more than one grant TTL ago). */
  private CentralPool pool(PoolSettings settings, QuotaRule... rules) {
    CentralPool pool = new CentralPool(settings, clock);
    pool.applyConfig(PoolConfig.of(9, "rules: [...]", List.of(rules)));
    pool.becomeLeader(TOKEN);
    clock.advanceMillis(settings.grantTtl().toMillis() + 100);
    assertThat(pool.reservingForFailover()).as("reserving past one grant TTL").isFalse();
    return pool;
  }

  private CentralPool pool(QuotaRule... rules) {
    // The expectations below are worked out for a 3 s grant TTL (the default is 10 s).
    return pool(PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3)), rules);
  }

  private RegionModel region(String name) {
    return regions.computeIfAbsent(name, n -> new RegionModel(n, Map.of()));
  }

  /** Aggregator replica {@code replica} of region {@code name} (the replicas share the region's bucket). */
  private RegionModel replica(String name, int replica) {
    return regions.computeIfAbsent(name + "#" + replica,
        n -> new RegionModel(name, name + "-agg" + replica, Map.of(), Map.of(), Long.MAX_VALUE));
  }

  /** One round trip: the region reports {@code tokensPerSecond} for each quota, and applies the answer. */
  private RegionSyncResponse sync(CentralPool pool, String name, Map<QuotaId, Long> tokensPerSecond) {
    return sync(pool, region(name), tokensPerSecond);
  }

  /**
   * One round trip of one aggregator: it reports {@code consumed} tokens for each quota (usage since
   * its previous report, and as its own demand estimate per second), and applies the answer.
   */
  private RegionSyncResponse sync(CentralPool pool, RegionModel region, Map<QuotaId, Long> consumed) {
    List<DemandReport> ruleDemand = new ArrayList<>();
    List<DemandReport> hotKeys = new ArrayList<>();
    consumed.forEach((quota, rate) -> {
      DemandReport report = new DemandReport(quota, rate, 0, rate * 1_000_000L);
      (quota.isAggregate() ? ruleDemand : hotKeys).add(report);
    });
    long sentAt = clock.nanos();
    SyncResult result = pool.sync(region.request(9, ruleDemand, hotKeys, sentAt));
    assertThat(result).isInstanceOf(SyncResult.Answered.class);
    RegionSyncResponse response = ((SyncResult.Answered) result).response();
    region.receive(response, sentAt, clock.nanos());
    return response;
  }

  private static Grant grant(RegionSyncResponse response, QuotaId quota) {
    return response.grants().stream().filter(g -> g.quota().equals(quota)).findFirst().orElseThrow();
  }

  private static long tokensPerSecond(Grant grant) {
    return grant.microTokensPerSecond() / 1_000_000L;
  }

  @Test
  void aStandbyAndADeposedLeaderRefuseToAnswer() {
    CentralPool standby = new CentralPool(PoolSettings.defaults("c2"), clock);
    RegionSyncRequest request = region("us").request(0, List.of(), List.of(), clock.nanos());
    assertThat(standby.sync(request)).isInstanceOf(SyncResult.NotLeader.class);

    CentralPool leader = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(100, 100)));
    region("us").seenToken = TOKEN + 1;
    assertThat(leader.sync(region("us").request(0, List.of(), List.of(), clock.nanos())))
        .isEqualTo(new SyncResult.Deposed(TOKEN + 1, TOKEN));
    assertThat(leader.stats().refusedDeposed()).isEqualTo(1);
  }

  @Test
  void everyGrantCarriesTheFencingTokenAnIncreasingEpochAndTheTtl() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 2_000)));
    Grant first = grant(sync(pool, "us", Map.of(AGG, 100L)), AGG);
    clock.advanceMillis(1_000);
    Grant second = grant(sync(pool, "us", Map.of(AGG, 100L)), AGG);

    assertThat(List.of(first, second)).allSatisfy(g -> {
      assertThat(g.fencingToken()).isEqualTo(TOKEN);
      assertThat(g.ttlMillis()).isEqualTo(3_000);
      assertThat(g.region()).isEqualTo("us");
    });
    assertThat(second.epoch()).isGreaterThan(first.epoch());
    // Alone, the region gets all of the capacity (headroom goes where a burst will hit it).
    assertThat(tokensPerSecond(second)).isEqualTo(1_000);
    assertThat(second.burst()).isEqualTo(2_000);
  }

  @Test
  void aRegionsDemandIsTheSumOfItsReplicasEachOverItsOwnInterval() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    // ap's two replicas each see half of its 100/s and report once a second, 10 ms apart; us
    // wants 900/s. Taking the 10 ms since the other replica's report as the interval would make
    // ap's demand look like 5 000/s, and max-min would split the limit 500/500.
    Grant us = null;
    for (int round = 0; round < 8; round++) {
      sync(pool, replica("ap", 0), Map.of(AGG, 50L));
      clock.advanceMillis(10);
      sync(pool, replica("ap", 1), Map.of(AGG, 50L));
      clock.advanceMillis(490);
      us = grant(sync(pool, "us", Map.of(AGG, 900L)), AGG);
      clock.advanceMillis(500);
    }
    RegionView ap = apView(pool);
    assertThat(ap.smoothedRate()).isEqualTo(100_000); // milli-tokens/s
    assertThat(ap.targetRate()).isLessThan(200_000);
    assertThat(tokensPerSecond(us)).isGreaterThanOrEqualTo(800);
  }

  @Test
  void aRegionsDemandIsItsReplicasEstimateNotARecountOverTheCoordinatorsInterval() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    // ap uses a steady 200/s and says so; its reports reach the coordinator 900 and 1 100 ms apart
    // (report timing, network delay), each with a second's usage. Re-estimated from the counts over
    // the coordinator's own interval, the 900 ms ones would read 222/s.
    for (int round = 0; round < 6; round++) {
      RegionModel ap = region("ap");
      long sentAt = clock.nanos();
      pool.sync(ap.request(9, List.of(new DemandReport(AGG, 200, 0, 200_000_000L)), List.of(), sentAt));
      clock.advanceMillis(round % 2 == 0 ? 900 : 1_100);
    }
    assertThat(apView(pool).demandRate()).isEqualTo(200_000); // milli-tokens/s
  }

  @Test
  void aReplicaThatStopsReportingAgesOutOfItsRegionsDemand() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    for (int round = 0; round < 3; round++) {
      sync(pool, replica("ap", 0), Map.of(AGG, 50L));
      sync(pool, replica("ap", 1), Map.of(AGG, 400L));
      clock.advanceMillis(1_000);
    }
    assertThat(apView(pool).demandRate()).isEqualTo(450_000);
    // Replica 1 crashes; replica 0 goes on. Three intervals later its 400/s no longer counts.
    for (int round = 0; round < 4; round++) {
      sync(pool, replica("ap", 0), Map.of(AGG, 50L));
      clock.advanceMillis(1_000);
    }
    sync(pool, replica("ap", 0), Map.of(AGG, 50L));
    assertThat(apView(pool).demandRate()).isEqualTo(50_000);
  }

  private static RegionView apView(CentralPool pool) {
    return pool.quota("agg", "").get(0).regions().stream().filter(r -> r.region().equals("ap")).findFirst()
        .orElseThrow();
  }

  @Test
  void aRegionGetsAnInitialAllowanceBeforeItReportsAnyTraffic() {
    CentralPool pool = pool(PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3)).withExpectedRegions(Set.of("us", "eu")),
        QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    // The aggregators' first syncs go out before any edge has traffic for the rule.
    Grant us = grant(sync(pool, "us", Map.of()), AGG);
    Grant eu = grant(sync(pool, "eu", Map.of()), AGG);
    assertThat(tokensPerSecond(us)).isEqualTo(500); // an equal share of the limit
    assertThat(tokensPerSecond(eu)).isEqualTo(500);

    // Traffic shows up in us only: eu's allowance is revoked, then reassigned to us.
    for (int round = 0; round < 3; round++) {
      clock.advanceMillis(500);
      us = grant(sync(pool, "us", Map.of(AGG, 900L)), AGG);
      clock.advanceMillis(500);
      eu = grant(sync(pool, "eu", Map.of()), AGG);
    }
    assertThat(tokensPerSecond(eu)).isLessThanOrEqualTo(50);
    assertThat(tokensPerSecond(us)).isGreaterThanOrEqualTo(900);
    assertThat(pool.quota("agg", "").get(0).outstanding().rate()).isLessThanOrEqualTo(1_000_000);
  }

  @Test
  void capacityTakenFromOneRegionGoesToAnotherOnlyAfterTheShrinkIsAcknowledged() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    sync(pool, "eu", Map.of(AGG, 900L));
    assertThat(tokensPerSecond(grant(sync(pool, "eu", Map.of(AGG, 900L)), AGG))).isEqualTo(1_000);

    // us arrives: its fair share is 500, but eu still holds 1000 until it acknowledges a shrink.
    clock.advanceMillis(100);
    RegionSyncResponse heldBack = sync(pool, "us", Map.of(AGG, 900L));
    assertThat(tokensPerSecond(grant(heldBack, AGG))).isZero();
    assertThat(heldBack.nextSyncMillis()).isEqualTo(250);
    assertThat(pool.quota("agg", "").get(0).regions()).filteredOn(r -> r.region().equals("us"))
        .singleElement().satisfies(r -> assertThat(r.heldBack()).isTrue());

    clock.advanceMillis(100);
    RegionSyncResponse shrink = sync(pool, "eu", Map.of(AGG, 900L)); // issues the shrink
    assertThat(tokensPerSecond(grant(shrink, AGG))).isEqualTo(500);
    // The capacity is in transit until eu acknowledges: eu, whose acknowledgement alone frees it, is
    // asked back after a twentieth of an interval; us, waiting for it, after a quarter.
    assertThat(shrink.nextSyncMillis()).isEqualTo(50);
    clock.advanceMillis(100);
    sync(pool, "eu", Map.of(AGG, 900L)); // acknowledges it
    clock.advanceMillis(100);
    RegionSyncResponse grown = sync(pool, "us", Map.of(AGG, 900L));
    assertThat(tokensPerSecond(grant(grown, AGG))).isEqualTo(500);
    assertThat(grown.nextSyncMillis()).as("us's second report: its demand is still warming up").isEqualTo(250);
    clock.advanceMillis(100);
    RegionSyncResponse settled = sync(pool, "us", Map.of(AGG, 900L));
    assertThat(tokensPerSecond(grant(settled, AGG))).isEqualTo(500);
    // us wants 900 and is held to its fair share: capacity that frees up reaches it only at its
    // next report, so that is due after a quarter interval
    assertThat(settled.nextSyncMillis()).isEqualTo(250);
    assertThat(pool.quota("agg", "").get(0).outstanding().rate()).isLessThanOrEqualTo(1_000_000);
  }

  @Test
  void aShrinkIsAcknowledgedFastOnlyWhereTheReportingReplicaIsTheRegionsOnlyGrantHolder() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    RegionModel eu1 = replica("eu", 1);
    RegionModel eu2 = replica("eu", 2);
    for (int i = 0; i < 2; i++) {
      sync(pool, eu1, Map.of(AGG, 450L));
      sync(pool, eu2, Map.of(AGG, 450L));
      clock.advanceMillis(100);
    }
    sync(pool, "us", Map.of(AGG, 900L)); // held back: eu holds the whole limit
    clock.advanceMillis(100);
    RegionSyncResponse shrink = sync(pool, eu1, Map.of(AGG, 450L));
    assertThat(tokensPerSecond(grant(shrink, AGG))).isLessThan(1_000);
    // eu2 still applies the larger grant, so eu1's acknowledgement alone frees nothing: a quarter
    // interval, not the fast acknowledgement a sole replica gets
    assertThat(shrink.nextSyncMillis()).isEqualTo(250);
  }

  @Test
  void aRegionHoldingSpareCapacityIsAskedBackEveryHalfIntervalOnceAnotherRegionHasDemand() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    RegionSyncResponse alone = null;
    for (int i = 0; i < 4; i++) { // past the warm-up reports, which are asked back sooner anyway
      alone = sync(pool, "eu", Map.of(AGG, 100L));
      clock.advanceMillis(1_000);
    }
    // eu holds the whole limit for a demand of 100, but nobody else wants any of it
    assertThat(tokensPerSecond(grant(alone, AGG))).isEqualTo(1_000);
    assertThat(alone.nextSyncMillis()).isEqualTo(1_000);

    for (int i = 0; i < 4; i++) {
      sync(pool, "us", Map.of(AGG, 300L));
      clock.advanceMillis(100);
      RegionSyncResponse euNow = sync(pool, "eu", Map.of(AGG, 100L));
      clock.advanceMillis(900);
      if (i == 3) {
        // both demands are met and the rest is headroom, part of it eu's: should us surge, eu's
        // share must come back through eu's own reports, so they are due sooner
        assertThat(tokensPerSecond(grant(euNow, AGG))).isGreaterThan(150);
        assertThat(euNow.nextSyncMillis()).isEqualTo(500);
      }
    }
  }

  @Test
  void aRegionHeldBelowItsDemandIsAskedBackSoonOnlyWhereTheReportingReplicaIsItsOnlyGrantHolder() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    RegionModel eu1 = replica("eu", 1);
    RegionModel eu2 = replica("eu", 2);
    RegionSyncResponse eu = null;
    RegionSyncResponse us = null;
    for (int i = 0; i < 6; i++) { // past warm-up and every shrink in transit
      eu = sync(pool, eu1, Map.of(AGG, 900L));
      sync(pool, eu2, Map.of(AGG, 900L));
      us = sync(pool, "us", Map.of(AGG, 900L));
      clock.advanceMillis(1_000);
    }
    // both want 1800 and 900 of a 1000 limit
    assertThat(tokensPerSecond(grant(us, AGG))).isLessThan(900);
    assertThat(us.nextSyncMillis()).isEqualTo(250);
    assertThat(eu.nextSyncMillis()).as("two replicas apply eu's grants").isEqualTo(1_000);
  }

  @Test
  void withoutAnAcknowledgementCapacityIsReassignedWhenTheOldGrantExpires() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000)));
    sync(pool, "eu", Map.of(AGG, 900L));
    clock.advanceMillis(100);
    sync(pool, "us", Map.of(AGG, 900L));
    // eu goes silent: its 1000 count until its grant's TTL + margin, and it takes part in the fair
    // share until it is no longer live; then us may have everything.
    clock.advanceMillis(2_000);
    assertThat(tokensPerSecond(grant(sync(pool, "us", Map.of(AGG, 900L)), AGG))).isZero();
    clock.advanceMillis(1_100);
    assertThat(tokensPerSecond(grant(sync(pool, "us", Map.of(AGG, 900L)), AGG))).isEqualTo(500);
    clock.advanceMillis(2_000);
    assertThat(tokensPerSecond(grant(sync(pool, "us", Map.of(AGG, 900L)), AGG))).isEqualTo(1_000);
  }

  @Test
  void floorsAreReservedAndSentWeightsSplitContestedCapacity() {
    QuotaRule rule = QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000))
        .withFloors(Map.of("ap", new BigDecimal("0.1")))
        .withWeights(Map.of("us", new BigDecimal("2")));
    CentralPool pool = pool(rule);
    for (int round = 0; round < 5; round++) {
      sync(pool, "us", Map.of(AGG, 5_000L));
      sync(pool, "eu", Map.of(AGG, 5_000L));
      clock.advanceMillis(1_000);
    }
    // ap never reported: its floor (100/s) stays reserved; us and eu share 900 by weight 2:1.
    Grant us = grant(sync(pool, "us", Map.of(AGG, 5_000L)), AGG);
    Grant eu = grant(sync(pool, "eu", Map.of(AGG, 5_000L)), AGG);
    assertThat(tokensPerSecond(us)).isEqualTo(600);
    assertThat(tokensPerSecond(eu)).isEqualTo(300);

    Grant ap = grant(sync(pool, "ap", Map.of(AGG, 0L)), AGG);
    assertThat(ap.floorMicroTokensPerSecond()).isEqualTo(100_000_000L);
    assertThat(us.floorMicroTokensPerSecond()).isZero();
  }

  @Test
  void configIsSentOnlyToRegionsWithAnOlderRevision() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(10, 10)));
    RegionSyncResponse stale = ((SyncResult.Answered) pool.sync(
        new RegionSyncRequest(ProtocolVersion.CURRENT, "us", "a1", 1, 3, 0, List.of(), List.of(), List.of(), List.of())))
        .response();
    assertThat(stale.configRevision()).isEqualTo(9);
    assertThat(stale.config()).contains("rules: [...]");
    clock.advanceMillis(1_000); // past the pool's cold start (a region on its initial allowance is asked back sooner)
    RegionSyncResponse current = ((SyncResult.Answered) pool.sync(
        new RegionSyncRequest(ProtocolVersion.CURRENT, "us", "a1", 2, 9, 0, List.of(), List.of(), List.of(), List.of())))
        .response();
    assertThat(current.config()).isEmpty();
    assertThat(current.nextSyncMillis()).isEqualTo(1_000);
    assertThat(current.coordinatorId()).isEqualTo("c1");
  }

  @Test
  void equalDefaultSharesSplitAPerKeyLimitBetweenEveryKnownRegion() {
    CentralPool pool = pool(PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3)).withExpectedRegions(Set.of("us", "eu", "ap", "sa")),
        QuotaRule.perKey("per", RateBurst.ofTokens(100, 100), DefaultShare.EQUAL));
    Grant us = grant(sync(pool, "us", Map.of(PER, 5_000L)), PER);
    assertThat(tokensPerSecond(us)).isEqualTo(25);
    assertThat(pool.allocations()).singleElement().satisfies(v -> assertThat(v.kind()).isEqualTo(QuotaKind.DEFAULT_SHARE));
  }

  @Test
  void trafficDefaultSharesFollowEachRegionsShareOfTheRulesTraffic() {
    CentralPool pool = pool(PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3)).withExpectedRegions(Set.of("us", "eu")),
        QuotaRule.perKey("per", RateBurst.ofTokens(100, 100), DefaultShare.TRAFFIC));
    Grant us = null;
    for (int round = 0; round < 8; round++) {
      us = grant(sync(pool, "us", Map.of(PER, 3_000L)), PER);
      sync(pool, "eu", Map.of(PER, 1_000L));
      clock.advanceMillis(1_000);
    }
    assertThat(tokensPerSecond(us)).isEqualTo(75);
  }

  @Test
  void aHotKeyIsGrantedExplicitlyListedToOtherRegionsAndForgottenWhenIdle() {
    CentralPool pool = pool(PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3)).withExpectedRegions(Set.of("us", "eu")),
        QuotaRule.perKey("per", RateBurst.ofTokens(100, 100), DefaultShare.EQUAL));
    sync(pool, "us", Map.of(PER, 10L));
    sync(pool, "eu", Map.of(PER, 10L));
    clock.advanceMillis(100);

    RegionSyncResponse us = sync(pool, "us", Map.of(PER, 10L, HOT, 90L));
    assertThat(grant(us, HOT).quota()).isEqualTo(HOT);
    // eu may still apply its default share (50) to alice: us starts from its own share.
    assertThat(tokensPerSecond(grant(us, HOT))).isBetween(49L, 50L);
    RegionSyncResponse eu = sync(pool, "eu", Map.of(PER, 10L));
    assertThat(eu.hotKeysElsewhere()).containsExactly(HOT);

    // eu reports alice (idle there), gets a small grant and acknowledges it; us then grows.
    for (int round = 0; round < 4; round++) {
      clock.advanceMillis(500);
      RegionSyncResponse euHot = sync(pool, "eu", Map.of(PER, 10L, HOT, 0L));
      if (round == 0) {
        // eu's move off its default share of alice is a shrink in transit, but a hot key's is
        // acknowledged at the quarter interval, not the fast one (CentralPool#nextSyncMillis)
        assertThat(euHot.nextSyncMillis()).isEqualTo(250);
      }
      sync(pool, "us", Map.of(PER, 10L, HOT, 90L));
    }
    assertThat(tokensPerSecond(grant(sync(pool, "us", Map.of(PER, 10L, HOT, 90L)), HOT))).isGreaterThanOrEqualTo(90);
    assertThat(pool.stats().hotKeys()).isEqualTo(1);

    // Nobody reports traffic for alice any more: after the idle time (and grant expiry) it is forgotten.
    clock.advanceMillis(31_000);
    sync(pool, "us", Map.of(PER, 10L));
    pool.expire();
    assertThat(pool.stats().hotKeys()).isZero();
    assertThat(pool.stats().hotKeysExpired()).isEqualTo(1);
    assertThat(sync(pool, "eu", Map.of(PER, 10L)).hotKeysElsewhere()).isEmpty();
  }

  @Test
  void aNewLeaderKeepsRegionsOnWhatTheyHoldUntilEveryRegionHasReportedThenRebalances() {
    QuotaRule rule = QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000));
    PoolSettings settings = PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3)).withExpectedRegions(Set.of("us", "eu"));
    CentralPool old = pool(settings, rule);
    sync(old, "us", Map.of(AGG, 900L));
    clock.advanceMillis(1_000); // past the pool's cold start, when eu's equal share was reserved
    sync(old, "us", Map.of(AGG, 900L));
    assertThat(tokensPerSecond(region("us").held.get(AGG).grant())).isEqualTo(1_000);

    // Failover: the new leader knows nothing yet, and eu's demand moves in.
    CentralPool leader = new CentralPool(settings, clock);
    leader.applyConfig(PoolConfig.of(9, "rules: [...]", List.of(rule)));
    leader.becomeLeader(TOKEN + 1);
    assertThat(leader.reservingForFailover()).isTrue();
    clock.advanceMillis(100);
    Grant eu = grant(sync(leader, "eu", Map.of(AGG, 900L)), AGG);
    assertThat(tokensPerSecond(eu)).isZero(); // us might still hold everything
    Grant us = grant(sync(leader, "us", Map.of(AGG, 900L)), AGG);
    // No learning pause for us: it keeps (at most) its fair share of what it holds, at once.
    assertThat(tokensPerSecond(us)).isEqualTo(500);
    assertThat(us.fencingToken()).isEqualTo(TOKEN + 1);

    // us reported after seeing the new token before; eu too from its next report: reservation ends.
    clock.advanceMillis(100);
    sync(leader, "us", Map.of(AGG, 900L)); // acknowledges the shrink
    sync(leader, "eu", Map.of(AGG, 900L));
    assertThat(leader.reservingForFailover()).isFalse();
    clock.advanceMillis(100);
    assertThat(tokensPerSecond(grant(sync(leader, "eu", Map.of(AGG, 900L)), AGG))).isEqualTo(500);
  }

  @Test
  void whileANewLeaderReservesAReplicaHoldingNothingIsAskedBackAfterATwentiethOfAnInterval() {
    QuotaRule rule = QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000));
    PoolSettings settings = PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3))
        .withExpectedRegions(Set.of("us", "eu", "ap"));
    CentralPool old = pool(settings, rule);
    sync(old, "us", Map.of(AGG, 900L)); // us holds a grant of the previous leader

    CentralPool leader = new CentralPool(settings, clock);
    leader.applyConfig(PoolConfig.of(9, "rules: [...]", List.of(rule)));
    leader.becomeLeader(TOKEN + 1);
    clock.advanceMillis(10);
    RegionSyncResponse euFirst = sync(leader, "eu", Map.of());
    RegionSyncResponse usFirst = sync(leader, "us", Map.of(AGG, 900L));
    assertThat(leader.reservingForFailover()).as("ap has not reported").isTrue();
    // eu holds nothing and gets nothing until the reservation ends: it should be back as soon as ap
    // has reported, for its initial allowance. us keeps what it holds meanwhile: a quarter interval.
    assertThat(euFirst.grants()).isEmpty();
    assertThat(euFirst.nextSyncMillis()).isEqualTo(50);
    assertThat(usFirst.nextSyncMillis()).isEqualTo(250);
    clock.advanceMillis(10);
    RegionSyncResponse euAgain = sync(leader, "eu", Map.of());
    assertThat(euAgain.nextSyncMillis()).as("it has seen the token and still holds nothing").isEqualTo(50);

    clock.advanceMillis(10);
    sync(leader, "ap", Map.of());
    sync(leader, "us", Map.of(AGG, 900L)); // its first report after seeing this leader's token
    assertThat(leader.reservingForFailover()).isFalse();
    clock.advanceMillis(50);
    assertThat(tokensPerSecond(grant(sync(leader, "eu", Map.of()), AGG))).isPositive();
  }

  @Test
  void inAPoolsColdStartRegionsThatHaveNotReportedAreReservedAnEqualShareAndAskedBackSoon() {
    QuotaRule rule = QuotaRule.aggregate("agg", RateBurst.ofTokens(1_000, 1_000));
    PoolSettings settings = PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3))
        .withExpectedRegions(Set.of("us", "eu"));
    CentralPool pool = pool(settings, rule);
    RegionSyncResponse first = sync(pool, "us", Map.of(AGG, 900L));
    // eu has not reported yet: us is granted its demand less eu's equal share, not the pool
    assertThat(tokensPerSecond(grant(first, AGG))).isEqualTo(500);
    RegionSyncResponse euFirst = sync(pool, "eu", Map.of()); // nothing to report yet
    assertThat(tokensPerSecond(grant(euFirst, AGG))).isEqualTo(500); // its initial allowance, free at once
    assertThat(euFirst.nextSyncMillis()).isEqualTo(250); // its first report of real demand is due

    // eu's real demand is small: it shrinks to it, and once it has acknowledged, us has the rest
    clock.advanceMillis(250);
    long euGrant = tokensPerSecond(grant(sync(pool, "eu", Map.of(AGG, 100L)), AGG));
    assertThat(euGrant).isLessThan(500);
    clock.advanceMillis(250);
    long euNow = tokensPerSecond(grant(sync(pool, "eu", Map.of(AGG, 100L)), AGG)); // acknowledges the shrink
    long usNow = tokensPerSecond(grant(sync(pool, "us", Map.of(AGG, 900L)), AGG));
    assertThat(usNow).isGreaterThan(500).isLessThanOrEqualTo(1_000 - Math.max(euGrant, euNow));

    // Past the cold start a region that never reports takes nothing from the others.
    CentralPool later = pool(settings, rule);
    sync(later, "us", Map.of(AGG, 900L));
    clock.advanceMillis(1_000);
    assertThat(tokensPerSecond(grant(sync(later, "us", Map.of(AGG, 900L)), AGG))).isEqualTo(1_000);
  }

  @Test
  void acknowledgementsAreIgnoredUnlessTheRegionHasSeenThisLeadersToken() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(100, 100)));
    Grant grant = grant(sync(pool, "us", Map.of(AGG, 10L)), AGG);
    RegionSyncRequest blind = new RegionSyncRequest(ProtocolVersion.CURRENT, "us", "us-agg", 99, 9, TOKEN - 1,
        List.of(), List.of(), List.of(new io.leasehold.model.message.GrantAck(AGG, grant.epoch())), List.of());
    pool.sync(blind);
    assertThat(pool.stats().acksIgnored()).isEqualTo(1);
    assertThat(pool.stats().acksAccepted()).isZero();
    sync(pool, "us", Map.of(AGG, 10L));
    assertThat(pool.stats().acksAccepted()).isEqualTo(1);
  }

  @Test
  void removedRulesStopBeingGrantedAndAreForgottenOnceTheirGrantsExpire() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(100, 100)));
    sync(pool, "us", Map.of(AGG, 10L));
    pool.applyConfig(PoolConfig.of(10, "rules: []", List.of()));
    assertThat(sync(pool, "us", Map.of(AGG, 10L)).grants()).isEmpty();
    assertThat(pool.allocations()).singleElement().satisfies(v -> assertThat(v.retired()).isTrue());
    clock.advanceMillis(3_100);
    pool.expire();
    assertThat(pool.allocations()).isEmpty();
  }

  @Test
  void reportsForUnknownRulesOrNonGlobalKeysGetNoGrant() {
    CentralPool pool = pool(QuotaRule.aggregate("agg", RateBurst.ofTokens(100, 100)));
    RegionSyncResponse response = sync(pool, "us",
        Map.of(QuotaId.aggregate("nope", 0), 5L, new QuotaId("agg", 0, "k"), 5L, QuotaId.aggregate("agg", 3), 5L));
    // Only the configured aggregate, as the region's initial allowance (it never reported it).
    assertThat(response.grants()).extracting(Grant::quota).containsExactly(AGG);
  }

  @Test
  void settingsRejectNonsenseWithTheFieldNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PoolSettings.defaults("c").withGrantTtl(Duration.ZERO))
        .hasMessageContaining("grantTtl");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> QuotaRule.aggregate("r", RateBurst.ofTokens(1, 1)).withFloors(Map.of("us", new BigDecimal("1.5"))))
        .hasMessageContaining("region_floors.us: 1.5");
  }
}
