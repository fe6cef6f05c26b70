package io.leasehold.aggregator.http;

import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.core.LeaserStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.ToDoubleFunction;

/**
 * The aggregator's meters (the Redis store registers its own {@code leasehold.redis.*}). Leaser
 * counters are read from a snapshot the event loop publishes, so scrapes never touch loop-confined
 * state.
 */
final class AggregatorMetrics {
  private static final String P = "leasehold.aggregator.";

  private volatile LeaserStats stats = new LeaserStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  private volatile boolean degraded;
  final Timer syncLatency;
  final Counter syncOk;
  final Counter syncInvalid;
  final Counter syncUnauthorized;
  final Counter coordinatorOk;
  final Counter coordinatorFailed;
  final Counter rulesRejected;
  final DistributionSummary storeBatchOps;

  AggregatorMetrics(MeterRegistry registry, QuotaStore store) {
    counter(registry, "leases", "leases sent to edges", LeaserStats::leasesGranted);
    counter(registry, "leases.renewed.in.place",
        "idle leases renewed with the tokens the edge returned, without a store op", LeaserStats::leasesRenewedInPlace);
    counter(registry, "tokens.granted", "tokens leased to edges from the regional store", LeaserStats::tokensGranted);
    counter(registry, "tokens.debt.repaid",
        "tokens taken from the regional store to pay for admissions no lease backed (starter allowances, floors)",
        LeaserStats::debtRepaid);
    counter(registry, "tokens.returned", "tokens edges returned, credited to the store", LeaserStats::tokensReturned);
    counter(registry, "tokens.emergency", "tokens leased from the in-memory emergency share",
        LeaserStats::emergencyTokensGranted);
    counter(registry, "tokens.returns.dropped", "returned tokens never credited: their store call failed, or they were held back and their quota dropped",
        LeaserStats::droppedReturnTokens);
    counter(registry, "sync.replays", "edge syncs dropped as duplicates", LeaserStats::replays);
    counter(registry, "reports.unknown", "edge reports for quotas without a rule", LeaserStats::unknownQuotaReports);
    counter(registry, "coordinator.stale", "coordinator answers ignored (deposed leader)", LeaserStats::staleLeaderAnswers);
    counter(registry, "grants.applied", "coordinator grants applied", LeaserStats::grantsApplied);
    counter(registry, "grants.ignored", "coordinator grants ignored", LeaserStats::grantsIgnored);
    gauge(registry, "quotas", "quotas tracked in memory", s -> s.stats.quotas());
    gauge(registry, "hot.keys", "hot keys reported individually", s -> s.stats.hotKeys());
    gauge(registry, "grants", "coordinator grants held", s -> s.stats.grants());
    gauge(registry, "live.edges", "edges that synced in the last three edge sync intervals", s -> s.stats.liveEdges());
    gauge(registry, "starter.capped.rules", "starter rules whose allowance edges are told to lower",
        s -> s.stats.starterCappedRules());
    gauge(registry, "degraded", "1 while serving from fallback shares", s -> s.degraded ? 1 : 0);
    Gauge.builder(P + "store.available", store, st -> st.isAvailable() ? 1 : 0)
        .description("1 while the regional store's circuit lets calls through").register(registry);
    syncLatency = Timer.builder(P + "sync.latency").description("POST /v1/sync handling time")
        .publishPercentileHistogram().register(registry);
    syncOk = Counter.builder(P + "sync.requests").tag("outcome", "ok").register(registry);
    syncInvalid = Counter.builder(P + "sync.requests").tag("outcome", "invalid").register(registry);
    syncUnauthorized = Counter.builder(P + "sync.requests").tag("outcome", "unauthorized").register(registry);
    coordinatorOk = Counter.builder(P + "coordinator.syncs").tag("outcome", "ok").register(registry);
    coordinatorFailed = Counter.builder(P + "coordinator.syncs").tag("outcome", "failed").register(registry);
    rulesRejected = Counter.builder(P + "rules.rejected").description("rules documents that failed validation")
        .register(registry);
    storeBatchOps = DistributionSummary.builder(P + "store.batch.ops")
        .description("quota ops per store call (edge syncs coalesced)").register(registry);
  }

  void publish(LeaserStats latest, boolean isDegraded) {
    this.stats = latest;
    this.degraded = isDegraded;
  }

  private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<LeaserStats> f) {
    FunctionCounter.builder(P + name, this, m -> f.applyAsDouble(m.stats)).description(description).register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<AggregatorMetrics> f) {
    Gauge.builder(P + name, this, f).description(description).register(registry);
  }
}
