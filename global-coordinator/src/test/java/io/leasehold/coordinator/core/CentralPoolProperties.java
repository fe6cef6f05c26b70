package io.leasehold.coordinator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.message.DemandReport;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * DESIGN.md invariant 2 for the central pool, checked from the regions' side: under random demand
 * moves, hot keys appearing and cooling, lost and late messages, TTL expiries and leader
 * failovers, what regions may admit for every quota never sums above its limit — for the rule
 * aggregate, for the per-key default shares, and for every hot key (where regions that have not
 * switched to the key's grant still use their default share).
 */
class CentralPoolProperties {
  private static final List<String> REGIONS = List.of("r0", "r1", "r2");
  private static final RateBurst AGG_LIMIT = RateBurst.ofTokens(1_000, 2_000);
  private static final RateBurst PER_KEY_LIMIT = RateBurst.ofTokens(100, 150);
  private static final QuotaId AGG = QuotaId.aggregate("agg", 0);
  private static final QuotaId PER = QuotaId.aggregate("per", 0);
  private static final List<QuotaId> KEYS = List.of(new QuotaId("per", 0, "k1"), new QuotaId("per", 0, "k2"));

  enum Fate { DELIVER, LOSE_REQUEST, LOSE_RESPONSE, DELAY_RESPONSE }

  sealed interface Step permits Sync, Advance, Failover, DeliverLate {}

  record Sync(int region, long aggDemand, long perDemand, int hotMask, Fate fate, long processMillis, long replyMillis)
      implements Step {}

  record Advance(long millis) implements Step {}

  record Failover() implements Step {}

  record DeliverLate(int pick) implements Step {}

  record Scenario(DefaultShare share, boolean expectAllRegions, List<Step> steps) {}

  @Property(tries = 500)
  void regionsNeverAdmitMoreThanAnyLimit(@ForAll("scenarios") Scenario scenario) {
    new Run(scenario).play();
  }

  /** Found by the property: a region's expired old-leader grant must not count as held again. */
  @net.jqwik.api.Example
  void expiredOldLeaderGrantsAreNotRegrantedAfterFailover() {
    Sync z = new Sync(0, 0, 0, 0, Fate.DELIVER, 0, 0);
    List<Step> steps = List.of(z, z, new Sync(1, 0, 0, 0, Fate.DELIVER, 0, 0), new Sync(1, 0, 0, 0, Fate.DELIVER, 0, 0),
        new Sync(2, 0, 0, 0, Fate.DELIVER, 0, 0), new Sync(2, 0, 0, 0, Fate.DELIVER, 0, 0), new Failover(),
        new Sync(2, 0, 0, 0, Fate.LOSE_RESPONSE, 0, 0), new Sync(0, 0, 0, 0, Fate.DELIVER, 90, 96), new Advance(1),
        new Advance(2853), new Sync(0, 0, 0, 1, Fate.DELIVER, 0, 0), new Sync(2, 0, 0, 1, Fate.DELIVER, 0, 0));
    new Run(new Scenario(DefaultShare.WEIGHTS, true, steps)).play();
  }

  /** Found by the property: a failover must not restore a hot-key floor above the region's default share. */
  @net.jqwik.api.Example
  void aHotKeyFloorSeededAfterFailoverStaysWithinTheDefaultShare() {
    List<Step> steps = List.of(new Sync(2, 0, 0, 1, Fate.DELIVER, 0, 0),
new Sync(0, 0, 0, 0, Fate.DELIVER, 0, 0),
new Sync(0, 0, 0, 0, Fate.DELIVER, 0, 0),
new Sync(0, 0, 0, 0, Fate.DELIVER, 0, 0),
new Sync(1, 0, 0, 0, Fate.DELIVER, 0, 0),
new Sync(2, 0, 0, 0, Fate.DELIVER, 0, 0),
new Sync(1, 0, 3, 1, Fate.DELIVER, 0, 0),
new Sync(0, 0, 0, 0, Fate.DELIVER, 0, 0),
new Failover(),
new Sync(0, 0, 0, 0, Fate.DELIVER, 0, 0),
new Sync(2, 0, 0, 0, Fate.DELIVER, 0, 0));
    new Run(new Scenario(DefaultShare.WEIGHTS, true, steps)).play();
  }

  private static final class Run {
    final Scenario scenario;
    final ManualClock clock = new ManualClock(1_000_000_000L);
    final PoolSettings settings;
    final PoolConfig config;
    final List<RegionModel> regions = new ArrayList<>();
    final List<Late> late = new ArrayList<>();
    CentralPool leader;
    long token = 7;

    record Late(RegionModel region, RegionSyncResponse response, long sentAtNanos) {}

    Run(Scenario scenario) {
      this.scenario = scenario;
      PoolSettings base = PoolSettings.defaults("c1").withGrantTtl(Duration.ofSeconds(3)).withHotKeyIdle(Duration.ofSeconds(5));
      // Equal and weighted default shares are derived by each aggregator from the rules and the
      // deployment's region list, which must then be configured (the same list) everywhere.
      boolean regionList = scenario.expectAllRegions() || scenario.share() != DefaultShare.TRAFFIC;
      this.settings = regionList ? base.withExpectedRegions(Set.copyOf(REGIONS)) : base;
      QuotaRule agg = QuotaRule.aggregate("agg", AGG_LIMIT)
          .withFloors(Map.of("r0", new BigDecimal("0.1")))
          .withWeights(Map.of("r1", new BigDecimal("2")));
      QuotaRule per = QuotaRule.perKey("per", PER_KEY_LIMIT, scenario.share())
          .withFloors(Map.of("r2", new BigDecimal("0.2")))
          .withWeights(Map.of("r0", new BigDecimal("3")));
      this.config = PoolConfig.of(5, "rules: []", List.of(agg, per));
      for (String name : REGIONS) {
        Map<QuotaId, RegionModel.Use> floors = new HashMap<>();
        floors.put(AGG, floorUse(agg.floor(name, 0)));
        floors.put(PER, floorUse(per.floor(name, 0)));
        Map<QuotaId, RegionModel.Use> statics = new HashMap<>();
        if (scenario.share() == DefaultShare.EQUAL) {
          statics.put(PER, new RegionModel.Use(PER_KEY_LIMIT.rate() * 1_000 / REGIONS.size(),
              PER_KEY_LIMIT.burst() / 1_000 / REGIONS.size()));
        } else if (scenario.share() == DefaultShare.WEIGHTS) {
          boolean weighted = name.equals("r0"); // the only region with a weight: all of it
          statics.put(PER, weighted ? new RegionModel.Use(PER_KEY_LIMIT.rate() * 1_000, PER_KEY_LIMIT.burst() / 1_000)
              : new RegionModel.Use(0, 0));
        }
        regions.add(new RegionModel(name, floors, statics, 3_500_000_000L));
      }
      leader = newLeader();
    }

    private static RegionModel.Use floorUse(RateBurst floor) {
      long micro = floor.rate() * 1_000;
      return new RegionModel.Use(micro, micro / 1_000_000L);
    }

    CentralPool newLeader() {
      CentralPool pool = new CentralPool(settings, clock);
      pool.applyConfig(config);
      pool.becomeLeader(++token);
      return pool;
    }

    void play() {
      check();
      for (Step step : scenario.steps()) {
        if (step instanceof Sync s) {
          sync(s);
        } else if (step instanceof Advance a) {
          advance(a.millis());
        } else if (step instanceof Failover) {
          leader = newLeader();
        } else if (step instanceof DeliverLate d && !late.isEmpty()) {
          Late l = late.remove(d.pick() % late.size());
          l.region().receive(l.response(), l.sentAtNanos(), clock.nanos());
        }
        check();
      }
    }

    void sync(Sync s) {
      RegionModel region = regions.get(s.region());
      List<DemandReport> ruleDemand = List.of(
          new DemandReport(AGG, s.aggDemand(), 0, s.aggDemand() * 1_000_000L),
          new DemandReport(PER, s.perDemand(), 0, s.perDemand() * 1_000_000L));
      List<DemandReport> hotKeys = new ArrayList<>();
      for (int i = 0; i < KEYS.size(); i++) {
        boolean active = (s.hotMask() & (1 << i)) != 0;
        if (active || region.hot.contains(KEYS.get(i))) {
          long d = active ? s.perDemand() + 1 : 0;
          hotKeys.add(new DemandReport(KEYS.get(i), d, 0, d * 1_000_000L));
        }
      }
      long sentAt = clock.nanos();
      RegionSyncRequest request = region.request(3, ruleDemand, hotKeys, sentAt);
      advance(s.processMillis());
      if (s.fate() == Fate.LOSE_REQUEST) {
        return;
      }
      SyncResult result = leader.sync(request);
      advance(s.replyMillis());
      if (!(result instanceof SyncResult.Answered answered)) {
        return;
      }
      assertThat(answered.response().grants()).allSatisfy(g -> assertThat(g.fencingToken()).isEqualTo(token));
      switch (s.fate()) {
        case DELIVER -> region.receive(answered.response(), sentAt, clock.nanos());
        case DELAY_RESPONSE -> late.add(new Late(region, answered.response(), sentAt));
        default -> { }
      }
    }

    void advance(long millis) {
      // Check at every millisecond boundary that matters: expiries happen in between.
      long step = Math.max(1, millis / 4);
      for (long done = 0; done < millis; done += step) {
        clock.advanceMillis(Math.min(step, millis - done));
        check();
      }
    }

    void check() {
      long now = clock.nanos();
      assertWithin(AGG, AGG_LIMIT, now);
      assertWithin(PER, PER_KEY_LIMIT, now);
      for (QuotaId key : KEYS) {
        assertWithin(key, PER_KEY_LIMIT, now);
      }
    }

    void assertWithin(QuotaId quota, RateBurst limit, long now) {
      long micro = 0;
      long burst = 0;
      StringBuilder detail = new StringBuilder();
      for (RegionModel region : regions) {
        RegionModel.Use use = region.use(quota, now);
        micro += use.micro();
        burst += use.burst();
        detail.append(region.name).append('=').append(use).append(region.hot.contains(quota) ? "(hot) " : " ");
      }
      assertThat(micro).as("Σ rate of %s at %d: %s", quota, now, detail).isLessThanOrEqualTo(limit.rate() * 1_000);
      assertThat(burst).as("Σ burst of %s at %d: %s", quota, now, detail).isLessThanOrEqualTo(limit.burst() / 1_000);
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Step> sync = Combinators.combine(
            Arbitraries.integers().between(0, REGIONS.size() - 1),
            Arbitraries.longs().between(0, 1_500),
            Arbitraries.longs().between(0, 400),
            Arbitraries.integers().between(0, 3),
            Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Fate.DELIVER)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Fate.LOSE_REQUEST)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Fate.LOSE_RESPONSE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Fate.DELAY_RESPONSE))),
            Arbitraries.longs().between(0, 300),
            Arbitraries.longs().between(0, 300))
        .as(Sync::new);
    Arbitrary<Step> advance = Arbitraries.longs().between(1, 4_000).map(Advance::new);
    Arbitrary<Step> failover = Arbitraries.just(new Failover());
    Arbitrary<Step> deliverLate = Arbitraries.integers().between(0, 20).map(DeliverLate::new);
    Arbitrary<Step> step = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(20, sync),
        net.jqwik.api.Tuple.of(4, advance),
        net.jqwik.api.Tuple.of(1, failover),
        net.jqwik.api.Tuple.of(2, deliverLate));
    return Combinators.combine(
            Arbitraries.of(DefaultShare.class),
            Arbitraries.of(true, false),
            step.list().ofMinSize(10).ofMaxSize(160))
        .as(Scenario::new);
  }
}
