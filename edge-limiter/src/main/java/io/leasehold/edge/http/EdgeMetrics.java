package io.leasehold.edge.http;

import io.leasehold.edge.DecisionReason;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.LimitPolicy;
import io.leasehold.edge.SyncResult;
import io.leasehold.edge.client.SyncListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sidecar's Prometheus metrics. Decision counters are registered once per (rule, outcome,
 * reason) and then found in an array, so counting a decision allocates nothing.
 */
public final class EdgeMetrics implements SyncListener {
  private static final int OUTCOMES = EdgeDecision.Outcome.values().length;
  private static final int REASONS = DecisionReason.values().length;
  private static final String NO_RULE = "none";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, AtomicReferenceArray<Counter>> decisions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> shadowDenials = new ConcurrentHashMap<>();
  private final Timer decisionLatency;
  private final Timer syncLatency;
  private final ConcurrentHashMap<String, Counter> syncErrors = new ConcurrentHashMap<>();
  private final Counter configRejected;
  private final Counter configApplied;

  public EdgeMetrics(EdgeLimiter limiter) {
    decisionLatency = Timer.builder("leasehold_edge_decision")
        .description("Time to decide a request in the core (rule matching, key lookup, token check)")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100))
        .maximumExpectedValue(Duration.ofMillis(10))
        .register(registry);
    syncLatency = Timer.builder("leasehold_edge_sync")
        .description("Round trip of POST /v1/sync, replicas tried included")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    configRejected = Counter.builder("leasehold_edge_config_rejected").description("Relayed configs rejected")
        .register(registry);
    configApplied = Counter.builder("leasehold_edge_config_applied").description("Configs applied")
        .register(registry);
    Gauge.builder("leasehold_edge_keys", limiter, l -> l.stats().keys())
        .description("(rule, key) entries held in the lease table").register(registry);
    Gauge.builder("leasehold_edge_active_leases", limiter, l -> l.stats().leasedQuotas())
        .description("Quotas holding a live lease").register(registry);
    Gauge.builder("leasehold_edge_fallbacks_active", limiter, l -> l.stats().fallbackQuotas())
        .description("Quotas following on_unavailable because their lease expired with the aggregator unreachable")
        .register(registry);
    Gauge.builder("leasehold_edge_evictions", limiter, l -> l.stats().evictions())
        .description("Entries evicted from the lease table (size or idle bound)").register(registry);
    FunctionCounter.builder("leasehold_edge_thin_share_holds", limiter, l -> l.stats().thinShareHolds())
        .description("Requests held for a thin share's next lease (rules with thin_share: hold)").register(registry);
    Gauge.builder("leasehold_edge_config_revision", limiter, EdgeLimiter::configRevision)
        .description("Revision of the rules enforced").register(registry);
    Gauge.builder("leasehold_edge_aggregator_available", limiter, l -> l.parentAvailable() ? 1 : 0)
        .description("1 when the last sync succeeded").register(registry);
  }

  /**
   * Counts a decision and, when {@code latencyNanos >= 0}, its latency (a sample). Allocates only the
   * first time a (rule, outcome, reason) is seen.
   */
  public void recordDecision(EdgeDecision decision, long latencyNanos) {
    LimitPolicy policy = decision.policy();
    String rule = policy == null ? NO_RULE : policy.ruleId();
    AtomicReferenceArray<Counter> counters = decisions.get(rule);
    if (counters == null) {
      counters = decisions.computeIfAbsent(rule, r -> new AtomicReferenceArray<>(OUTCOMES * REASONS));
    }
    int slot = decision.outcome().ordinal() * REASONS + decision.reason().ordinal();
    Counter counter = counters.get(slot);
    if (counter == null) {
      counter = Counter.builder("leasehold_edge_decisions")
          .description("Decisions by rule (the binding one), result and reason")
          .tag("rule", rule)
          .tag("result", decision.outcome().name().toLowerCase(java.util.Locale.ROOT))
          .tag("reason", decision.reason().label())
          .register(registry);
      counters.set(slot, counter);
    }
    counter.increment();
    if (decision.shadowPolicy() != null) {
      shadowDenials.computeIfAbsent(decision.shadowPolicy().ruleId(), r -> Counter.builder("leasehold_edge_shadow_denials")
          .description("Requests a shadow rule would have rejected").tag("rule", r).register(registry)).increment();
    }
    if (latencyNanos >= 0) {
      decisionLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void succeeded(long latencyNanos, SyncResult result) {
    syncLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    if (result.config() == SyncResult.ConfigChange.REJECTED) {
      configRejected.increment();
    } else if (result.config() == SyncResult.ConfigChange.APPLIED) {
      configApplied.increment();
    }
  }

  @Override
  public void failed(long latencyNanos, String kind, String message) {
    syncLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    syncErrors.computeIfAbsent(kind, k -> Counter.builder("leasehold_edge_sync_errors")
        .description("Sync rounds that failed, by kind").tag("kind", k).register(registry)).increment();
  }

  public void configApplied() {
    configApplied.increment();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
