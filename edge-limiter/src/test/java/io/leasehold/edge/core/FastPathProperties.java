package io.leasehold.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.edge.SyncRound;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.time.ManualClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The lease table's fast path decides exactly as the full path through the limit states: the same
 * decisions (outcome, reason, policy, remaining, retry, reset) and the same sync reports, over
 * random mixes of requests, clock steps, leases (some short, some expiring, some revoked), failed
 * rounds and the low-water mark's early-sync asks.
 */
class FastPathProperties {

  /** One step: 0 decide, 1 advance the clock, 2 sync answered with leases, 3 failed sync. */
  record Step(int kind, int key, int cost, int amount, int ttlMillis) {}

  @Property(tries = 300)
  void theFastPathDecidesAndReportsExactlyAsTheFullPath(@ForAll("scripts") List<Step> script) {
    ManualClock fastClock = new ManualClock(1_000_000_000L);
    ManualClock fullClock = new ManualClock(1_000_000_000L);
    LeaseTableLimiter fast = limiter(fastClock, true);
    LeaseTableLimiter full = limiter(fullClock, false);
    List<Boolean> fastAsks = new ArrayList<>();
    List<Boolean> fullAsks = new ArrayList<>();
    fast.onEarlySyncWanted(() -> fastAsks.add(true));
    full.onEarlySyncWanted(() -> fullAsks.add(true));
    EdgeDecision a = new EdgeDecision();
    EdgeDecision b = new EdgeDecision();
    long epoch = 1;

    for (Step step : script) {
      switch (step.kind()) {
        case 0 -> {
          RequestView request = RequestView.of("GET", "/api/items",
              Map.of("x-api-key", "key-" + step.key(), "x-cost", Integer.toString(step.cost())), "10.0.0.1");
          fast.decide(request, a);
          full.decide(request, b);
          assertThat(describe(a)).as("decision after %s", step).isEqualTo(describe(b));
        }
        case 1 -> {
          fastClock.advanceMillis(step.amount());
          fullClock.advanceMillis(step.amount());
        }
        default -> {
          SyncRound fastRound = fast.beginSync();
          SyncRound fullRound = full.beginSync();
          assertThat(sorted(fastRound.request().reports())).as("reports after %s", step)
              .isEqualTo(sorted(fullRound.request().reports()));
          if (step.kind() == 3) {
            fast.failSync(fastRound);
            full.failSync(fullRound);
            continue;
          }
          List<Lease> leases = new ArrayList<>();
          epoch++;
          for (QuotaReport report : fastRound.request().reports()) {
            long tokens = (step.amount() * (report.quota().limitIndex() + 1L)) % 120;
            long ttl = step.ttlMillis() == 0 && report.quota().key().endsWith("2") ? 0 : 150 + step.ttlMillis();
            leases.add(new Lease(report.quota(), tokens, 50_000_000L, 150, epoch, ttl, 1_000_000L));
          }
          EdgeSyncResponse response = new EdgeSyncResponse(ProtocolVersion.CURRENT, "agg", "r", 1, Optional.empty(),
              leases, false, 200);
          fast.completeSync(fastRound, response);
          full.completeSync(fullRound, response);
        }
      }
    }
    assertThat(fastAsks).hasSameSizeAs(fullAsks);
    SyncRound fastLast = fast.beginFinalSync();
    SyncRound fullLast = full.beginFinalSync();
    assertThat(sorted(fastLast.request().reports())).isEqualTo(sorted(fullLast.request().reports()));
  }

  @Provide
  Arbitrary<List<Step>> scripts() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.integers().between(0, 9).map(k -> k < 6 ? 0 : k < 8 ? 1 : k < 9 ? 2 : 3),
        Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(1, 3),
        Arbitraries.integers().between(0, 400),
        Arbitraries.integers().between(0, 2).map(t -> t * 400))
        .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(120);
  }

  private static LeaseTableLimiter limiter(ManualClock clock, boolean fastPath) {
    // Two leased rules on each request (two slots, one with two limits) and a cost header.
    Rule perKey = Rule.builder("api").match(Match.path("/api/**")).key(KeySpec.header("x-api-key"))
        .limits(Limit.of(Rate.perSecond(100), 150), Limit.of(Rate.perMinute(1_000), 150))
        .cost(io.leasehold.model.rules.Cost.fromHeader("x-cost", 1, 10)).build();
    Rule global = Rule.builder("all").match(Match.path("/api/**")).limits(Limit.of(Rate.perSecond(1_000), 150))
        .build();
    return new LeaseTableLimiter(EdgeSettings.builder("edge-1").build(), RuleSet.of(perKey, global), 1, clock,
        fastPath);
  }

  private static String describe(EdgeDecision d) {
    return d.outcome() + " " + d.reason() + " " + d.policy() + " remaining=" + d.remaining() + " retry="
        + d.retryAfterNanos() + " reset=" + d.resetAfterNanos() + " wait=" + d.waitDeadlineNanos() + " rules="
        + d.matchedRules() + " shadow=" + d.shadowPolicy();
  }

  private static List<QuotaReport> sorted(List<QuotaReport> reports) {
    return reports.stream().sorted(Comparator.comparing(r -> r.quota().asString())).toList();
  }
}
