package io.leasehold.edge.core;

import static io.leasehold.edge.core.EdgeFixtures.lease;
import static io.leasehold.edge.core.EdgeFixtures.limiter;
import static io.leasehold.edge.core.EdgeFixtures.perKey;
import static io.leasehold.edge.core.EdgeFixtures.perKeyRule;
import static io.leasehold.edge.core.EdgeFixtures.reportFor;
import static io.leasehold.edge.core.EdgeFixtures.request;
import static io.leasehold.edge.core.EdgeFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.edge.DecisionReason;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.edge.SyncResult;
import io.leasehold.edge.SyncRound;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.StarterCap;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.OnUnavailable;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;
import io.leasehold.model.rules.ThinSharePolicy;
import io.leasehold.model.rules.UnseenKeyPolicy;
import io.leasehold.model.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LeaseTableLimiterTest {
  private final ManualClock clock = new ManualClock(1_000_000_000L);
  private final EdgeDecision out = new EdgeDecision();

  private EdgeDecision decide(EdgeLimiter limiter, String key) {
    return limiter.decide(request(key), out);
  }

  /** Syncs once, answering with no lease and {@code caps}. */
  private void capStarters(EdgeLimiter limiter, List<StarterCap> caps) {
    SyncRound round = limiter.beginSync();
    limiter.completeSync(round, response(limiter.configRevision(), List.of()).withStarterCaps(caps));
  }

  /** Syncs once, answering with {@code leases}. */
  private SyncResult sync(EdgeLimiter limiter, io.leasehold.model.message.Lease... leases) {
    SyncRound round = limiter.beginSync();
    return limiter.completeSync(round, response(limiter.configRevision(), List.of(leases)));
  }

  @Test
  void requestMatchingNoRuleIsAllowedWithoutPolicy() {
    EdgeLimiter limiter = limiter(clock, perKeyRule("api", 10, 10, OnUnavailable.FLOOR));
    limiter.decide(io.leasehold.model.rules.RequestView.of("GET", "/other", java.util.Map.of(), null), out);
    assertThat(out.allowed()).isTrue();
    assertThat(out.reason()).isEqualTo(DecisionReason.NO_MATCH);
    assertThat(out.policy()).isNull();
    assertThat(limiter.stats().keys()).isZero();
  }

  @Nested
  class ThinShares {
    /** 20/s over many edges: this edge's share is 2/s, under one token per 200 ms sync interval. */
    private final Rule holding = perKey("api", Limit.of(Rate.perSecond(20), 40))
        .unseenKey(UnseenKeyPolicy.starter(1)).thinShare(ThinSharePolicy.holdUpTo(Duration.ofMillis(500))).build();

    /** Leases {@code tokens} of key k at {@code perSecond}, then the edge uses them up. */
    private EdgeLimiter leasedAndUsedUp(Rule rule, long perSecond, long tokens) {
      EdgeLimiter limiter = limiter(clock, rule);
      assertThat(decide(limiter, "k").allowed()).isTrue(); // starter
      sync(limiter, lease("api", 0, "k", tokens, perSecond, 40, 1, 60_000, 0));
      for (long i = 0; i < tokens; i++) {
        assertThat(decide(limiter, "k").allowed()).isTrue();
      }
      return limiter;
    }

    @Test
    void holdsOneRequestOfAUsedUpThinShareAndAdmitsItWithTheTokenItsAskBrings() {
      EdgeLimiter limiter = leasedAndUsedUp(holding, 2, 1);

      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);
      assertThat(out.waitDeadlineNanos()).isEqualTo(clock.nanos() + Duration.ofMillis(500).toNanos());
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED); // one held per key
      assertThat(limiter.stats().thinShareHolds()).isEqualTo(1);

      SyncRound round = limiter.beginSync();
      QuotaReport report = reportFor(round.request(), "api", 0, "k");
      assertThat(report.held()).isEqualTo(1);
      assertThat(report.denied()).isEqualTo(1); // the second request; the held one is not decided yet
      assertThat(limiter.decideHeld(request("k"), -1, true, out).outcome())
          .as("still waiting for the round that carries its ask").isEqualTo(EdgeDecision.Outcome.PENDING);
      clock.advanceMillis(2);
      limiter.completeSync(round, response(1, List.of(lease("api", 0, "k", 1, 2, 40, 2, 60_000, 0))));

      assertThat(limiter.decideHeld(request("k"), -1, true, out).allowed()).isTrue();
      assertThat(out.reason()).isEqualTo(DecisionReason.LEASE);
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").held())
          .as("asked once").isZero();
    }

    @Test
    void aHeldRequestWhoseAnswerBringsNoTokenIsDeniedAndTheNextOneMayBeHeld() {
      EdgeLimiter limiter = leasedAndUsedUp(holding, 2, 1);
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);

      sync(limiter, lease("api", 0, "k", 0, 2, 40, 2, 60_000, 0));

      assertThat(limiter.decideHeld(request("k"), -1, true, out).outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").denied()).isEqualTo(1);
    }

    @Test
    void aHeldRequestPastItsDeadlineIsDecidedAtOnce() {
      EdgeLimiter limiter = leasedAndUsedUp(holding, 2, 1);
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);

      clock.advanceMillis(500);

      assertThat(limiter.decideHeld(request("k"), -1, false, out).outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
      assertThat(decide(limiter, "k").outcome()).as("the hold ended with it").isEqualTo(EdgeDecision.Outcome.PENDING);
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").held()).isEqualTo(1);
    }

    @Test
    void aShareOfAtLeastATokenPerSyncIntervalIsNotHeld() {
      EdgeLimiter limiter = leasedAndUsedUp(holding, 5, 1); // 5/s: one token per 200 ms

      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").held()).isZero();
    }

    @Test
    void theDefaultDeniesAThinShareAtOnce() {
      Rule denying = holding.toBuilder().thinShare(ThinSharePolicy.DENY).build();
      EdgeLimiter limiter = leasedAndUsedUp(denying, 2, 1);

      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").held()).isZero();
    }

    @Test
    void aRequestThatAnotherLimitDeniesIsNotHeld() {
      Rule twoLimits = perKey("api", Limit.of(Rate.perSecond(20), 40), Limit.of(Rate.perSecond(20), 40))
          .unseenKey(UnseenKeyPolicy.starter(1)).thinShare(ThinSharePolicy.holdUpTo(Duration.ofMillis(500))).build();
      EdgeLimiter limiter = limiter(clock, twoLimits);
      assertThat(decide(limiter, "k").allowed()).isTrue();
      // limit 0: a thin share used up; limit 1: a thick share used up (denied outright)
      sync(limiter, lease("api", 0, "k", 1, 2, 40, 1, 60_000, 0), lease("api", 1, "k", 1, 10, 40, 1, 60_000, 0));
      assertThat(decide(limiter, "k").allowed()).isTrue();

      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
      SyncRound round = limiter.beginSync();
      assertThat(reportFor(round.request(), "api", 0, "k").held()).isZero();
      assertThat(reportFor(round.request(), "api", 1, "k").held()).isZero();
    }

    @Test
    void anUnseenKeyWaitingForItsFirstLeaseAsksForItsWaitingRequests() {
      Rule waiting = holding.toBuilder().unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(250))).build();
      EdgeLimiter limiter = limiter(clock, waiting);

      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);

      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").held()).isEqualTo(2);
    }
  }

  @Nested
  class UnseenKeys {
    @Test
    void starterAllowanceAdmitsOptimisticallyAndIsReportedAsConsumed() {
      Rule rule = perKey("api", Limit.of(Rate.perSecond(100), 100)).unseenKey(UnseenKeyPolicy.starter(3)).build();
      EdgeLimiter limiter = limiter(clock, rule);
      AtomicInteger early = new AtomicInteger();
      limiter.onEarlySyncWanted(early::incrementAndGet);

      for (int i = 0; i < 3; i++) {
        assertThat(decide(limiter, "k").allowed()).isTrue();
        assertThat(out.reason()).isEqualTo(DecisionReason.STARTER);
      }
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
      assertThat(out.retryAfterNanos()).isEqualTo(Duration.ofMillis(200).toNanos()); // the next sync
      assertThat(early).hasValue(1); // once per round

      QuotaReport report = reportFor(limiter.beginSync().request(), "api", 0, "k");
      assertThat(report.consumed()).isEqualTo(3);
      assertThat(report.denied()).isEqualTo(1);
      assertThat(report.wantedMicroTokensPerSecond()).isPositive();
      assertThat(report.ackEpoch()).isZero();
    }

    @Test
    void waitPolicyHoldsTheRequestUntilTheFirstLease() {
      Rule rule = perKey("api", Limit.of(Rate.perSecond(100), 100))
          .unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(50))).build();
      EdgeLimiter limiter = limiter(clock, rule);

      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);
      assertThat(out.waitDeadlineNanos()).isEqualTo(clock.nanos() + Duration.ofMillis(50).toNanos());

      SyncRound round = limiter.beginSync();
      assertThat(reportFor(round.request(), "api", 0, "k").wantedMicroTokensPerSecond()).isPositive();
      clock.advanceMillis(5);
      limiter.completeSync(round, response(1, List.of(lease("api", 0, "k", 10, 0, 100, 1, 5_000, 0))));

      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(out.reason()).isEqualTo(DecisionReason.LEASE);
      assertThat(out.remaining()).isEqualTo(9);
    }

    @Test
    void waitPolicyPastItsDeadlineFollowsOnUnavailable() {
      Rule rule = perKey("api", Limit.of(Rate.perSecond(100), 100)).onUnavailable(OnUnavailable.DENY)
          .unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(50))).build();
      EdgeLimiter limiter = limiter(clock, rule);
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);

      clock.advanceMillis(50);
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
      assertThat(out.reason()).isEqualTo(DecisionReason.FALLBACK_DENY);
    }

    @Test
    void theAggregatorsStarterCapLowersTheAllowanceOfKeysSeenAfterIt() {
      Rule rule = perKey("api", Limit.of(Rate.perSecond(100), 100)).unseenKey(UnseenKeyPolicy.starter(5)).build();
      EdgeLimiter limiter = limiter(clock, rule);
      capStarters(limiter, List.of(new StarterCap("api", 2)));

      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(out.reason()).isEqualTo(DecisionReason.STARTER);
      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);

      capStarters(limiter, List.of()); // a rule the response does not list is uncapped again
      for (int i = 0; i < 5; i++) {
        assertThat(decide(limiter, "other").allowed()).as("request %d", i).isTrue();
      }
      assertThat(decide(limiter, "other").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
    }

    @Test
    void aStarterRuleCappedToZeroWaitsForTheFirstLeaseAtMostOneSyncInterval() {
      Rule rule = perKey("api", Limit.of(Rate.perSecond(100), 100)).onUnavailable(OnUnavailable.DENY)
          .unseenKey(UnseenKeyPolicy.starter(5)).build();
      EdgeLimiter limiter = limiter(clock, rule);
      capStarters(limiter, List.of(new StarterCap("api", 0)));

      assertThat(decide(limiter, "k").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);
      assertThat(out.waitDeadlineNanos()).isEqualTo(clock.nanos() + Duration.ofMillis(200).toNanos());
      SyncRound round = limiter.beginSync();
      assertThat(reportFor(round.request(), "api", 0, "k").wantedMicroTokensPerSecond()).isPositive();
      limiter.completeSync(round, response(limiter.configRevision(), List.of(lease("api", 0, "k", 4, 0, 100, 1, 5_000, 0)))
          .withStarterCaps(List.of(new StarterCap("api", 0))));
      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(out.reason()).isEqualTo(DecisionReason.LEASE);

      assertThat(decide(limiter, "late").outcome()).isEqualTo(EdgeDecision.Outcome.PENDING);
      clock.advanceMillis(200);
      assertThat(decide(limiter, "late").outcome()).isEqualTo(EdgeDecision.Outcome.DENIED);
      assertThat(out.reason()).isEqualTo(DecisionReason.FALLBACK_DENY);
    }

    @Test
    void aCallerThatCannotWaitGetsOnUnavailableAtOnce() {
      Rule rule = perKey("api", Limit.of(Rate.perSecond(100), 100)).onUnavailable(OnUnavailable.ALLOW)
          .unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(50))).build();
      EdgeLimiter limiter = limiter(clock, rule);
      limiter.decide(request("k"), -1, false, out);
      assertThat(out.allowed()).isTrue();
      assertThat(out.reason()).isEqualTo(DecisionReason.FALLBACK_ALLOW);
    }
  }

  @Nested
  class Leases {
    @Test
    void leasedTokensDecideAndARefusalWaitsForTheNextLease() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 10, 10, OnUnavailable.FLOOR));
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 2, 1, 5, 1, 10_000, 0));

      assertThat(decide(limiter, "k").allowed()).isTrue(); // starter tokens were dropped: 2 leased
      assertThat(out.remaining()).isEqualTo(1);
      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(out.reason()).isEqualTo(DecisionReason.LEASE);
      // only the next lease brings tokens: at the next sync (200 ms), the rule's own pace (100 ms) being faster
      assertThat(out.retryAfterNanos()).isEqualTo(Duration.ofMillis(200).toNanos());
      assertThat(out.policy().policyItem()).isEqualTo("\"api\";q=10;w=1");
    }

    @Test
    void theLeaseRateMintsNoTokensTheAggregatorDidNotTake() {
      // Every leased token was taken from the regional bucket (shared-model/docs/protocol.md); a
      // local refill at the lease rate would be admitted on top of what the region debited.
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 1000, 1000, OnUnavailable.FLOOR));
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 100, 500, 200, 1, 10_000, 0));

      int admitted = 0;
      for (int ms = 0; ms < 1000; ms++) {
        for (int i = 0; i < 5; i++) {
          admitted += decide(limiter, "k").allowed() ? 1 : 0;
        }
        clock.advanceMillis(1);
      }
      assertThat(admitted).isEqualTo(100);
    }

    @Test
    void lowWaterMarkAsksForAnEarlySyncBeforeTokensRunOut() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 1000, 1000, OnUnavailable.FLOOR));
      AtomicInteger early = new AtomicInteger();
      limiter.onEarlySyncWanted(early::incrementAndGet);
      for (int i = 0; i < 10; i++) {
        decide(limiter, "k");
      }
      clock.advanceMillis(200);
      // 10 starter tokens used in one interval: demand 50/s, low water a quarter of the 400 ms
      // horizon (5 tokens), a full top-up 20 tokens
      early.set(0);
      SyncRound round = limiter.beginSync();
      limiter.completeSync(round, response(1, List.of(lease("api", 0, "k", 20, 50, 1000, 1, 10_000, 0))));
      clock.advanceMillis(60);

      for (int i = 0; i < 15; i++) {
        decide(limiter, "k");
      }
      assertThat(early).hasValue(0); // 5 left: not below the mark
      decide(limiter, "k");
      assertThat(early).hasValue(1);
      assertThat(out.allowed()).isTrue(); // the request path never waited
    }

    @Test
    void unusedTokensOfAnExpiredLeaseAreReturnedEvenIfNobodyTouchesTheQuota() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "k");
      SyncRound round = limiter.beginSync();
      limiter.completeSync(round, response(1, List.of(lease("api", 0, "k", 40, 0, 100, 7, 1_000, 0))));
      decide(limiter, "k");
      limiter.beginSync();

      clock.advanceMillis(1_000); // TTL 1 s minus the 100 ms margin has passed
      QuotaReport report = reportFor(limiter.beginSync().request(), "api", 0, "k");
      assertThat(report.returned()).isEqualTo(39);
      assertThat(report.ackEpoch()).isZero(); // it holds no lease any more
      assertThat(limiter.stats().leasedQuotas()).isZero();
    }

    @Test
    void aKeyBackAfterItsLeaseLapsedSpendsAStarterAllowanceThatItsReportMarksAsUnleased() {
      Rule rule = perKey("api", Limit.of(Rate.perSecond(100), 100)).unseenKey(UnseenKeyPolicy.starter(3)).build();
      EdgeLimiter limiter = limiter(clock, rule);
      decide(limiter, "k");
      limiter.completeSync(limiter.beginSync(),
          response(1, List.of(lease("api", 0, "k", 40, 0, 100, 7, 1_000, 0))));
      decide(limiter, "k");
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").ackEpoch()).isEqualTo(7);

      clock.advanceMillis(2_000); // the lease lapsed unused; the key comes back
      for (int i = 0; i < 3; i++) {
        assertThat(decide(limiter, "k").reason()).isEqualTo(DecisionReason.STARTER);
      }
      QuotaReport back = reportFor(limiter.beginSync().request(), "api", 0, "k");
      assertThat(back.consumed()).isEqualTo(3);
      // ack_epoch 0: the aggregator debits these from the regional bucket as starter use
      assertThat(back.ackEpoch()).isZero();
    }

    @Test
    void theTtlCountsFromWhenTheRequestWasSentMinusTheMargin() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.DENY));
      decide(limiter, "k");
      SyncRound round = limiter.beginSync();
      clock.advanceMillis(300); // a slow answer does not extend the lease
      limiter.completeSync(round, response(1, List.of(lease("api", 0, "k", 50, 0, 100, 1, 1_000, 0))));
      clock.advanceMillis(599);
      assertThat(limiter.inspect("api", 0, "k").orElseThrow().leaseRemainingMillis()).isEqualTo(1);
      clock.advanceMillis(1);
      assertThat(decide(limiter, "k").reason()).isEqualTo(DecisionReason.STARTER); // expired, parent up
    }

    @Test
    void aLeaseFromTheOtherReplicaIsAppliedWhateverItsEpoch() {
      // Each aggregator replica numbers its leases from its own counter: after a failover the
      // answering replica's epochs may be lower, and its leases are still the answer to this request.
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 5, 0, 100, 5_000_123, 10_000, 0));
      sync(limiter, lease("api", 0, "k", 9, 0, 100, 4_000_007, 10_000, 0));
      assertThat(limiter.inspect("api", 0, "k").orElseThrow().tokens()).isEqualTo(14);
      decide(limiter, "k");
      QuotaReport report = reportFor(limiter.beginSync().request(), "api", 0, "k");
      assertThat(report.returned()).isZero();
      assertThat(report.ackEpoch()).isEqualTo(4_000_007);
    }

    @Test
    void aSecondAnswerToTheSameRoundIsGivenBack() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "k");
      SyncRound round = limiter.beginSync();
      limiter.completeSync(round, response(1, List.of(lease("api", 0, "k", 5, 0, 100, 1, 10_000, 0))));
      SyncResult again = limiter.completeSync(round, response(1, List.of(lease("api", 0, "k", 5, 0, 100, 1, 10_000, 0))));
      assertThat(again.leasesReturned()).isEqualTo(1);
      assertThat(limiter.inspect("api", 0, "k").orElseThrow().tokens()).isEqualTo(5);
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").returned()).isEqualTo(5);
    }

    @Test
    void aLeaseForAQuotaNotHeldIsGivenBack() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      SyncResult result = sync(limiter, lease("api", 0, "nobody", 12, 0, 100, 1, 10_000, 0),
          lease("gone", 0, "k", 3, 0, 100, 1, 10_000, 0));
      assertThat(result.leasesReturned()).isEqualTo(2);
      var request = limiter.beginSync().request();
      assertThat(reportFor(request, "api", 0, "nobody").returned()).isEqualTo(12);
      assertThat(reportFor(request, "gone", 0, "k").returned()).isEqualTo(3);
    }

    @Test
    void aZeroTtlRevokesTheLease() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 5, 0, 100, 1, 10_000, 0));
      sync(limiter, lease("api", 0, "k", 0, 0, 100, 2, 0, 0));
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").returned()).isEqualTo(5);
    }
  }

  /**
   * Early syncs and the demand sent upstream. The region-level figures these guard are in the
   * simulator (edge-limiter/README.md, "Tuning log").
   */
  @Nested
  class EarlySyncAndDemand {
    private final AtomicInteger early = new AtomicInteger();

    /** One quota of 1000/s, demand 50/s established over a first interval, then leased {@code tokens} at a 50/s share. */
    private EdgeLimiter leasedAtFiftyPerSecond(long tokens) {
      return leasedAtFiftyPerSecond(tokens, 50);
    }

    private EdgeLimiter leasedAtFiftyPerSecond(long tokens, long sharePerSecond) {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 1000, 1000, OnUnavailable.FLOOR));
      limiter.onEarlySyncWanted(early::incrementAndGet);
      for (int i = 0; i < 10; i++) {
        decide(limiter, "k");
      }
      clock.advanceMillis(200);
      SyncRound round = limiter.beginSync();
      assertThat(reportFor(round.request(), "api", 0, "k").wantedMicroTokensPerSecond()).isEqualTo(50_000_000);
      limiter.completeSync(round, response(1, List.of(lease("api", 0, "k", tokens, sharePerSecond, 1000, 1, 10_000, 0))));
      early.set(0);
      return limiter;
    }

    @Test
    void refusalsWhileTheRegionIsShortWaitForThePeriodicSync() {
      // The aggregator could fill 2 of the 20 tokens wanted: the region is exhausted, so asking
      // again every few milliseconds (what every refusal used to do) only loads it.
      EdgeLimiter limiter = leasedAtFiftyPerSecond(2);
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 10; i++) {
          clock.advanceMillis(20);
          decide(limiter, "k");
        }
        SyncRound next = limiter.beginSync();
        assertThat(reportFor(next.request(), "api", 0, "k").denied()).isPositive();
        limiter.completeSync(next, response(1, List.of(lease("api", 0, "k", 2, 10, 1000, 2 + round, 10_000, 0))));
      }
      assertThat(early).hasValue(0);
    }

    @Test
    void anEarlySyncNeverOverlapsARoundNorFollowsOneWithinAQuarterInterval() {
      EdgeLimiter limiter = leasedAtFiftyPerSecond(20);
      SyncRound inFlight = limiter.beginSync();
      for (int i = 0; i < 20; i++) {
        decide(limiter, "k"); // below the low-water mark, then dry, while the round is in flight
      }
      assertThat(early).hasValue(0);
      clock.advanceMillis(10);
      limiter.completeSync(inFlight, response(1, List.of()));
      clock.advanceMillis(39); // 49 ms after the round started
      decide(limiter, "k");
      assertThat(early).hasValue(0);
      clock.advanceMillis(1);
      decide(limiter, "k");
      assertThat(early).hasValue(1);
      decide(limiter, "k");
      assertThat(early).hasValue(1); // once per round
    }

    @Test
    void anAskDeferredByARoundInFlightIsSignalledWhenItEnds() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 1000, 1000, OnUnavailable.FLOOR));
      limiter.onEarlySyncWanted(early::incrementAndGet);
      SyncRound inFlight = limiter.beginSync();
      clock.advanceMillis(60);
      decide(limiter, "new-key"); // wants its first lease, but a round is in flight
      assertThat(early).hasValue(0);
      limiter.completeSync(inFlight, response(1, List.of()));
      assertThat(early).hasValue(1);
    }

    @Test
    void aWellSuppliedQuotaNeitherRunsDryNorAsksEarlyAtSteadyDemand() {
      // A fake aggregator tops the quota up to two intervals of what the edge wants, as
      // RegionLeaser does when the region has tokens; the periodic syncs are jittered by ±10 %.
      EdgeLimiter limiter = leasedAtFiftyPerSecond(20);
      long held = 20;
      long[] intervals = {180, 220, 200, 210, 190, 220, 180, 200};
      int refused = 0;
      for (int round = 0; round < 40; round++) {
        long interval = intervals[round % intervals.length];
        for (long ms = 0; ms < interval; ms += 20) {
          clock.advanceMillis(20);
          refused += decide(limiter, "k").allowed() ? 0 : 1;
        }
        SyncRound next = limiter.beginSync();
        QuotaReport report = reportFor(next.request(), "api", 0, "k");
        held -= report.consumed() + report.returned();
        long target = report.wantedMicroTokensPerSecond() * 400 / 1_000_000_000L;
        long take = Math.max(0, target - held);
        held += take;
        limiter.completeSync(next, response(1, List.of(lease("api", 0, "k", take,
            report.wantedMicroTokensPerSecond() / 1_000_000, 1000, 2 + round, 10_000, 0))));
      }
      assertThat(refused).isZero();
      assertThat(early).hasValue(0);
    }

    @Test
    void anEarlyRoundMeasuresDemandOverItsOwnLength() {
      EdgeLimiter limiter = leasedAtFiftyPerSecond(1000, 1000); // a share well above use: no growth allowance
      for (int i = 0; i < 10; i++) {
        clock.advanceMillis(5);
        decide(limiter, "k"); // 10 requests in 50 ms: 200/s
      }
      QuotaReport report = reportFor(limiter.beginSync().request(), "api", 0, "k");
      // EWMA rising 0.8 of the way from 50/s to 200/s
      assertThat(report.wantedMicroTokensPerSecond()).isEqualTo(170_000_000);
    }
  }

  @Nested
  class Fallback {
    private EdgeLimiter leasedThenCutOff(OnUnavailable mode, long floorPerSecond) {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, mode));
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 5, 0, 100, 1, 1_000, floorPerSecond));
      SyncRound round = limiter.beginSync();
      limiter.failSync(round);
      assertThat(limiter.parentAvailable()).isFalse();
      assertThat(decide(limiter, "k").reason()).isEqualTo(DecisionReason.LEASE); // the live lease still serves
      clock.advanceMillis(900);
      return limiter;
    }

    @Test
    void floorRefillsAtTheGuaranteedShareFromEmpty() {
      EdgeLimiter limiter = leasedThenCutOff(OnUnavailable.FLOOR, 2);
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(out.reason()).isEqualTo(DecisionReason.FALLBACK_FLOOR);
      assertThat(out.retryAfterNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
      clock.advanceMillis(500);
      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(limiter.stats().fallbackQuotas()).isEqualTo(1);
    }

    @Test
    void floorWithoutAShareDenies() {
      EdgeLimiter limiter = leasedThenCutOff(OnUnavailable.FLOOR, 0);
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(out.retryAfterNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void allowFailsOpenAndCountsUsage() {
      EdgeLimiter limiter = leasedThenCutOff(OnUnavailable.ALLOW, 0);
      for (int i = 0; i < 50; i++) {
        assertThat(decide(limiter, "k").allowed()).isTrue();
      }
      assertThat(out.reason()).isEqualTo(DecisionReason.FALLBACK_ALLOW);
      QuotaReport report = reportFor(limiter.beginSync().request(), "api", 0, "k");
      assertThat(report.consumed()).isEqualTo(1 + 50); // from the lease, then failing open
      assertThat(report.returned()).isEqualTo(4); // the expired lease's unused tokens
    }

    @Test
    void denyFailsClosed() {
      EdgeLimiter limiter = leasedThenCutOff(OnUnavailable.DENY, 10);
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(out.reason()).isEqualTo(DecisionReason.FALLBACK_DENY);
    }

    @Test
    void anUnseenKeyWhileTheParentIsDownUsesTheFloorLearnedForItsRule() {
      EdgeLimiter limiter = leasedThenCutOff(OnUnavailable.FLOOR, 4);
      assertThat(decide(limiter, "other").reason()).isEqualTo(DecisionReason.FALLBACK_FLOOR);
      assertThat(out.retryAfterNanos()).isEqualTo(Duration.ofMillis(250).toNanos());
    }

    @Test
    void aSuccessfulSyncEndsTheFallbackWithTheNextLease() {
      EdgeLimiter limiter = leasedThenCutOff(OnUnavailable.DENY, 0);
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 5, 0, 100, 2, 1_000, 0));
      assertThat(limiter.parentAvailable()).isTrue();
      assertThat(decide(limiter, "k").reason()).isEqualTo(DecisionReason.LEASE);
      assertThat(limiter.stats().fallbackQuotas()).isZero();
    }
  }

  @Nested
  class Atomicity {
    @Test
    void aRequestRefusedByOneLimitTakesNothingFromTheOthers() {
      Rule rule = perKey("api", Limit.of(Rate.perSecond(10), 10), Limit.of(Rate.perHour(100), 100)).build();
      EdgeLimiter limiter = limiter(clock, rule);
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 5, 0, 10, 1, 10_000, 0), lease("api", 1, "k", 1, 0, 100, 1, 10_000, 0));

      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(out.remaining()).isZero(); // the most restrictive limit
      assertThat(out.policy().limitIndex()).isEqualTo(1);
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(out.policy().policyName()).isEqualTo("\"api#1\"");
      assertThat(limiter.inspect("api", 0, "k").orElseThrow().tokens()).isEqualTo(4);
    }

    @Test
    void allMatchingRulesAreAndedAtomicallyWithTheLongestRetry() {
      Rule perKey = perKey("per-key", Limit.of(Rate.perSecond(1), 1)).scope(Scope.EDGE).build();
      Rule shared = Rule.builder("all").match(io.leasehold.model.rules.Match.path("/api/**"))
          .limits(Limit.of(Rate.perMinute(2), 2)).scope(Scope.EDGE).build();
      EdgeLimiter limiter = limiter(clock, perKey, shared);

      assertThat(decide(limiter, "a").allowed()).isTrue();
      assertThat(decide(limiter, "b").allowed()).isTrue();
      assertThat(decide(limiter, "c").allowed()).isFalse(); // "all" is spent
      assertThat(out.policy().ruleId()).isEqualTo("all");
      assertThat(out.retryAfterNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
      assertThat(limiter.inspect("per-key", 0, "c").orElseThrow().tokens()).isEqualTo(1); // untouched

      assertThat(decide(limiter, "a").allowed()).isFalse(); // both refuse: wait for the longer
      assertThat(out.retryAfterNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
    }
  }

  @Nested
  class Shadow {
    @Test
    void aShadowRuleCountsButNeverRejects() {
      Rule shadow = perKey("trial", Limit.of(Rate.perMinute(1), 1)).scope(Scope.EDGE).shadow(true).build();
      EdgeLimiter limiter = limiter(clock, shadow);
      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(out.shadowDenied()).isFalse();
      assertThat(decide(limiter, "k").allowed()).isTrue();
      assertThat(out.shadowDenied()).isTrue();
      assertThat(out.shadowPolicy().ruleId()).isEqualTo("trial");
    }

    @Test
    void aShadowRuleIsNotDebitedForARequestThatWasRejected() {
      Rule shadow = perKey("trial", Limit.of(Rate.perMinute(5), 5)).scope(Scope.EDGE).shadow(true).build();
      Rule real = perKey("api", Limit.of(Rate.perMinute(1), 1)).scope(Scope.EDGE).build();
      EdgeLimiter limiter = limiter(clock, shadow, real);
      decide(limiter, "k");
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(out.policy().ruleId()).isEqualTo("api");
      assertThat(limiter.inspect("trial", 0, "k").orElseThrow().tokens()).isEqualTo(4);
    }
  }

  @Nested
  class BoundedTable {
    @Test
    void anIdleEntryIsEvictedAndItsUsageAndTokensAreReported() {
      EdgeSettings settings = EdgeSettings.builder("edge-1").idleExpiry(Duration.ofSeconds(10)).build();
      EdgeLimiter limiter = limiter(clock, settings, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 20, 0, 100, 3, 60_000, 0));
      decide(limiter, "k");
      decide(limiter, "k");

      clock.advanceMillis(10_001);
      QuotaReport report = reportFor(limiter.beginSync().request(), "api", 0, "k");
      assertThat(report.consumed()).isEqualTo(2);
      assertThat(report.returned()).isEqualTo(18);
      assertThat(report.wantedMicroTokensPerSecond()).isZero();
      assertThat(limiter.stats().keys()).isZero();
      assertThat(limiter.stats().evictions()).isEqualTo(1);
      assertThat(limiter.inspect("api", 0, "k")).isEmpty();
    }

    @Test
    void aFloodOfKeysStaysWithinTheSizeBoundAndEveryEvictedTokenComesBack() {
      EdgeSettings settings = EdgeSettings.builder("edge-1").maxKeys(100).build();
      EdgeLimiter limiter = limiter(clock, settings, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      long leased = 0;
      long returned = 0;
      for (int i = 0; i < 1_000; i++) {
        decide(limiter, "k" + i);
        SyncRound round = limiter.beginSync();
        returned += round.request().reports().stream().mapToLong(QuotaReport::returned).sum();
        limiter.completeSync(round, response(1, List.of(lease("api", 0, "k" + i, 10, 0, 100, 1, 60_000, 0))));
        leased += 10;
        assertThat(limiter.stats().keys()).isLessThanOrEqualTo(100);
      }
      SyncRound last = limiter.beginFinalSync();
      returned += last.request().reports().stream().mapToLong(QuotaReport::returned).sum();
      // Every leased token came back: at eviction (reported in the next round) or at the final sync.
      assertThat(returned).isEqualTo(leased);
      assertThat(limiter.stats().evictions()).isGreaterThanOrEqualTo(900);
    }
  }

  @Nested
  class Sync {
    @Test
    void aFailedRoundsUsageIsSentAgain() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "k");
      decide(limiter, "k");
      SyncRound first = limiter.beginSync();
      limiter.failSync(first);
      decide(limiter, "k");
      SyncRound second = limiter.beginSync();
      assertThat(second.seq()).isEqualTo(first.seq() + 1);
      assertThat(reportFor(second.request(), "api", 0, "k").consumed()).isEqualTo(3);
    }

    @Test
    void eachQuotaIsReportedOnceAndOnlyWhenTouched() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "a");
      decide(limiter, "a");
      decide(limiter, "b");
      assertThat(limiter.beginSync().request().reports()).extracting(r -> r.quota().key()).containsExactly("a", "b");
      assertThat(limiter.beginSync().request().reports()).isEmpty();
    }

    @Test
    void aRelayedConfigReplacesTheRulesAndARejectedOneKeepsThem() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      String next = RuleSet.of(perKeyRule("api", 5, 5, OnUnavailable.DENY)).toJson();
      SyncRound round = limiter.beginSync();
      assertThat(round.request().configRevisionHeld()).isEqualTo(1);
      SyncResult applied = limiter.completeSync(round, response(2, next, List.of()));
      assertThat(applied.config()).isEqualTo(SyncResult.ConfigChange.APPLIED);
      assertThat(limiter.configRevision()).isEqualTo(2);
      assertThat(limiter.rules().rule("api").orElseThrow().onUnavailable()).isEqualTo(OnUnavailable.DENY);

      SyncResult rejected = limiter.completeSync(limiter.beginSync(),
          response(3, "rules: [ { id: api, limits: [ { rate: 10/x } ] } ]", List.of()));
      assertThat(rejected.config()).isEqualTo(SyncResult.ConfigChange.REJECTED);
      assertThat(rejected.configProblems()).anySatisfy(p -> assertThat(p).contains("rules[0].limits[0].rate"));
      assertThat(limiter.configRevision()).isEqualTo(2);
    }

    @Test
    void aChangedRuleGivesItsTokensBack() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "k");
      sync(limiter, lease("api", 0, "k", 30, 0, 100, 1, 60_000, 0));
      limiter.replaceRules(RuleSet.of(perKeyRule("api", 50, 50, OnUnavailable.FLOOR)), 2);
      assertThat(reportFor(limiter.beginSync().request(), "api", 0, "k").returned()).isEqualTo(30);
      assertThat(decide(limiter, "k").reason()).isEqualTo(DecisionReason.STARTER);
    }

    @Test
    void theFinalSyncReturnsEveryLeasedToken() {
      EdgeLimiter limiter = limiter(clock, perKeyRule("api", 100, 100, OnUnavailable.FLOOR));
      decide(limiter, "a");
      decide(limiter, "b");
      sync(limiter, lease("api", 0, "a", 10, 0, 100, 1, 60_000, 0), lease("api", 0, "b", 20, 0, 100, 1, 60_000, 0));
      decide(limiter, "a");
      SyncRound last = limiter.beginFinalSync();
      assertThat(last.isFinal()).isTrue();
      assertThat(reportFor(last.request(), "api", 0, "a").returned()).isEqualTo(9);
      assertThat(reportFor(last.request(), "api", 0, "a").consumed()).isEqualTo(1);
      assertThat(reportFor(last.request(), "api", 0, "b").returned()).isEqualTo(20);
    }

    @Test
    void aConstantKeyRuleReportsTheRuleAggregateQuota() {
      Rule all = Rule.builder("all").limits(Limit.of(Rate.perSecond(100))).build();
      EdgeLimiter limiter = limiter(clock, all);
      decide(limiter, "whatever");
      assertThat(limiter.beginSync().request().reports()).extracting(QuotaReport::quota)
          .containsExactly(QuotaId.aggregate("all", 0));
    }

    @Test
    void localRulesAreNeverReported() {
      EdgeSettings standalone = EdgeSettings.builder("edge-1").standalone(true).build();
      EdgeLimiter limiter = limiter(clock, standalone, perKeyRule("api", 2, 2, OnUnavailable.FLOOR));
      assertThat(decide(limiter, "k").reason()).isEqualTo(DecisionReason.LOCAL);
      decide(limiter, "k");
      assertThat(decide(limiter, "k").allowed()).isFalse();
      assertThat(out.retryAfterNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
      assertThat(limiter.beginSync().request().reports()).isEmpty();
    }
  }
}
