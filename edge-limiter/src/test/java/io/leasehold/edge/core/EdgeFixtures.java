package io.leasehold.edge.core;

import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.OnUnavailable;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rules, requests and aggregator answers shared by the core tests. */
final class EdgeFixtures {
  private EdgeFixtures() {}

  static Rule.Builder perKey(String id, Limit... limits) {
    return Rule.builder(id).match(Match.path("/api/**")).key(KeySpec.header("x-api-key")).limits(limits);
  }

  static Rule perKeyRule(String id, long ratePerSecond, long burst, OnUnavailable onUnavailable) {
    return perKey(id, Limit.of(Rate.perSecond(ratePerSecond), burst)).onUnavailable(onUnavailable).build();
  }

  static RequestView request(String key) {
    return RequestView.of("GET", "/api/items", Map.of("X-Api-Key", key), "10.0.0.1");
  }

  static EdgeLimiter limiter(ManualClock clock, Rule... rules) {
    return limiter(clock, EdgeSettings.builder("edge-1").build(), rules);
  }

  static EdgeLimiter limiter(ManualClock clock, EdgeSettings settings, Rule... rules) {
    return EdgeLimiter.create(settings, RuleSet.of(rules), 1, clock);
  }

  static Lease lease(String rule, int limit, String key, long tokens, long tokensPerSecond, long burst, long epoch,
      long ttlMillis, long floorTokensPerSecond) {
    return new Lease(new QuotaId(rule, limit, key), tokens, tokensPerSecond * 1_000_000, burst, epoch, ttlMillis,
        floorTokensPerSecond * 1_000_000);
  }

  static EdgeSyncResponse response(long revision, List<Lease> leases) {
    return new EdgeSyncResponse(ProtocolVersion.CURRENT, "agg-1", "us-east", revision, Optional.empty(), leases,
        false, 200);
  }

  static EdgeSyncResponse response(long revision, String config, List<Lease> leases) {
    return new EdgeSyncResponse(ProtocolVersion.CURRENT, "agg-1", "us-east", revision, Optional.of(config), leases,
        false, 200);
  }

  static QuotaReport reportFor(EdgeSyncRequest request, String rule, int limit, String key) {
    QuotaId id = new QuotaId(rule, limit, key);
    return request.reports().stream().filter(r -> r.quota().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no report for " + id + " in " + request.reports()));
  }
}
