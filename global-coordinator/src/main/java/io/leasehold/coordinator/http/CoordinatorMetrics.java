package io.leasehold.coordinator.http;

import io.leasehold.coordinator.core.CentralPool;
import io.leasehold.coordinator.core.PoolStats;
import io.leasehold.coordinator.core.QuotaView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Coordinator metrics. Counters read the pool's cumulative stats; allocation and utilisation per
 * region and quota are published for rule aggregates and default shares only (hot keys would make
 * the label set unbounded: see {@code GET /v1/debug/quotas/...} for them). Read and refreshed on
 * the pool's event loop, which also serves {@code /metrics}.
 */
final class CoordinatorMetrics {
  private final CentralPool pool;
  private final MultiGauge allocation;
  private final MultiGauge outstanding;
  private final MultiGauge utilisation;
  final Counter configRejected;
  final Counter syncInvalid;
  final Counter syncRedirected;
  final Counter syncForwarded;

  CoordinatorMetrics(MeterRegistry registry, CentralPool pool, BooleanSupplier etcdConnected, LongSupplier revision) {
    this.pool = pool;
    Gauge.builder("leasehold_coordinator_leader", () -> pool.isLeader() ? 1 : 0)
        .description("1 while this coordinator leads").register(registry);
    Gauge.builder("leasehold_coordinator_fencing_token", pool::fencingToken)
        .description("fencing token of the current term (0 when not leading)").register(registry);
    Gauge.builder("leasehold_coordinator_failover_reserving", () -> pool.reservingForFailover() ? 1 : 0)
        .description("1 while capacity is reserved for a previous leader's grants").register(registry);
    Gauge.builder("leasehold_coordinator_config_revision", revision::getAsLong)
        .description("config revision enforced").register(registry);
    Gauge.builder("leasehold_coordinator_etcd_connected", () -> etcdConnected.getAsBoolean() ? 1 : 0)
        .description("1 while the rules store follows etcd live").register(registry);
    Gauge.builder("leasehold_coordinator_quotas", () -> pool.stats().quotas())
        .description("quotas managed").register(registry);
    Gauge.builder("leasehold_coordinator_hot_keys", () -> pool.stats().hotKeys())
        .description("hot keys managed").register(registry);
    counter(registry, "leasehold_coordinator_region_syncs", "region reports handled", PoolStats::syncs, Tags.empty());
    counter(registry, "leasehold_coordinator_grants", "grants issued", PoolStats::grants, Tags.empty());
    counter(registry, "leasehold_coordinator_grants_held_back",
        "grants below target while capacity is still outstanding", PoolStats::grantsHeldBack, Tags.empty());
    counter(registry, "leasehold_coordinator_rebalances", "quota rebalances", PoolStats::rebalances, Tags.empty());
    counter(registry, "leasehold_coordinator_acks", "acknowledgements", PoolStats::acksAccepted,
        Tags.of("outcome", "accepted"));
    counter(registry, "leasehold_coordinator_acks", "acknowledgements", PoolStats::acksIgnored,
        Tags.of("outcome", "ignored"));
    counter(registry, "leasehold_coordinator_syncs_refused", "region reports refused", PoolStats::refusedNotLeader,
        Tags.of("reason", "not_leader"));
    counter(registry, "leasehold_coordinator_syncs_refused", "region reports refused", PoolStats::refusedDeposed,
        Tags.of("reason", "deposed"));
    counter(registry, "leasehold_coordinator_held_seeded", "previous leaders' grants seeded", PoolStats::heldSeeded,
        Tags.empty());
    counter(registry, "leasehold_coordinator_hot_keys_started", "hot keys that started being managed",
        PoolStats::hotKeysCreated, Tags.empty());
    counter(registry, "leasehold_coordinator_hot_keys_forgotten", "hot keys forgotten when idle",
        PoolStats::hotKeysExpired, Tags.empty());
    configRejected = Counter.builder("leasehold_coordinator_config_rejected")
        .description("store snapshots that failed validation (last good config kept)").register(registry);
    syncInvalid = Counter.builder("leasehold_coordinator_syncs_invalid")
        .description("region reports rejected as malformed").register(registry);
    syncRedirected = Counter.builder("leasehold_coordinator_syncs_redirected")
        .description("region reports redirected to the leader").register(registry);
    syncForwarded = Counter.builder("leasehold_coordinator_syncs_forwarded")
        .description("region reports forwarded to the leader").register(registry);
    allocation = MultiGauge.builder("leasehold_coordinator_allocation_tokens_per_second")
        .description("rate last granted per region and quota (aggregates and default shares)").register(registry);
    outstanding = MultiGauge.builder("leasehold_coordinator_outstanding_tokens_per_second")
        .description("rate that may be in use per quota").register(registry);
    utilisation = MultiGauge.builder("leasehold_coordinator_pool_utilisation")
        .description("outstanding rate / capacity rate per quota").register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, ToLongFunction<PoolStats> field,
      Tags tags) {
    FunctionCounter.builder(name, pool, p -> field.applyAsLong(p.stats())).description(description).tags(tags)
        .register(registry);
  }

  /** Republishes per-quota gauges; call on the pool's event loop before a scrape. */
  void refresh() {
    List<MultiGauge.Row<?>> grants = new ArrayList<>();
    List<MultiGauge.Row<?>> totals = new ArrayList<>();
    List<MultiGauge.Row<?>> ratios = new ArrayList<>();
    for (QuotaView view : pool.allocations()) {
      if (!view.quota().isAggregate()) {
        continue;
      }
      Tags quota = Tags.of("rule", view.quota().ruleId(), "limit", Integer.toString(view.quota().limitIndex()));
      double utilised = view.utilisation();
      double total = ViewJson.tokens(view.outstanding().rate());
      totals.add(MultiGauge.Row.of(quota, total));
      ratios.add(MultiGauge.Row.of(quota, utilised));
      view.regions().forEach(r -> r.lastGrant().ifPresent(g ->
          grants.add(MultiGauge.Row.of(quota.and("region", r.region()), ViewJson.tokens(g.rate())))));
    }
    allocation.register(grants, true);
    outstanding.register(totals, true);
    utilisation.register(ratios, true);
  }
}
