package io.leasehold.sim.reference;

import io.leasehold.sim.Decision;
import io.leasehold.sim.FaultEvent;
import io.leasehold.sim.SimContext;
import io.leasehold.sim.SimRequest;
import io.leasehold.sim.SimulatedSystem;
import io.leasehold.sim.SystemStats;
import io.leasehold.sim.scenario.Fault;
import io.leasehold.sim.scenario.Fault.PartitionTarget;

/**
 * Baselines without coordination: each region enforces every quota alone in its regional store
 * (one store operation per decision, as a per-region Redis limiter does), either with the full
 * limit ({@link #independent()}) or with limit ÷ regions ({@link #staticSplit()}).
 *
 * <p>While a region's store is out (Redis outage, or partitioned from it) the region fails open,
 * as Envoy's rate-limit filter does by default.
 */
public final class RegionalBucketsSystem implements SimulatedSystem {
  private final String name;
  private final boolean split;
  private SimContext context;
  private QuotaLimiters[] regions;
  private int[] storeOutages;
  private long storeOps;

  private RegionalBucketsSystem(String name, boolean split) {
    this.name = name;
    this.split = split;
  }

  /** Each region enforces the full limit: over-admits up to ×regions when all are saturated. */
  public static RegionalBucketsSystem independent() {
    return new RegionalBucketsSystem("independent", false);
  }

  /** Each region enforces limit ÷ regions: never over-admits, under-uses skewed demand. */
  public static RegionalBucketsSystem staticSplit() {
    return new RegionalBucketsSystem("static_split", true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(SimContext context) {
    this.context = context;
    int n = context.scenario().regionCount();
    regions = new QuotaLimiters[n];
    storeOutages = new int[n];
    for (int i = 0; i < n; i++) {
      regions[i] = new QuotaLimiters(context.limiters(), context.scenario().ruleLimits(),
          spec -> split ? spec.dividedBy(n) : spec);
    }
  }

  @Override
  public Decision decide(SimRequest r) {
    if (storeOutages[r.region()] > 0) {
      return Decision.ADMIT;
    }
    storeOps++;
    return regions[r.region()].tryAcquire(r.rule(), r.key(), r.arrivalNanos(), r.cost())
        ? Decision.ADMIT
        : Decision.REJECT;
  }

  @Override
  public void onFault(FaultEvent event) {
    int delta = event.phase() == FaultEvent.Phase.BEGIN ? 1 : -1;
    Fault fault = event.fault();
    if (fault instanceof Fault.RedisOutage outage) {
      storeOutages[outage.region()] += delta;
    } else if (fault instanceof Fault.RegionPartition p && p.from() == PartitionTarget.REDIS) {
      storeOutages[p.region()] += delta;
    } else if (fault instanceof Fault.RuleChange change && delta > 0) {
      for (QuotaLimiters region : regions) {
        region.reconfigure(change.ruleLimits(), context.now());
      }
    }
  }

  @Override
  public SystemStats stats() {
    return new SystemStats(0, storeOps);
  }
}
