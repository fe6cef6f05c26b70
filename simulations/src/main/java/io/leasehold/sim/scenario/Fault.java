package io.leasehold.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A fault injected at a virtual time. Faults with an end ({@link #untilNanos()} not {@link #NO_END})
 * get a second event at that time (heal, restart).
 */
public sealed interface Fault
    permits Fault.RegionPartition,
        Fault.AggregatorCrash,
        Fault.RedisOutage,
        Fault.CoordinatorFailover,
        Fault.RuleChange,
        Fault.KeyFlood {

  long NO_END = Long.MAX_VALUE;

  long atNanos();

  default long untilNanos() {
    return NO_END;
  }

  /** The {@code type} value used in scenario files. */
  String type();

  /** What a partitioned region loses contact with. */
  enum PartitionTarget {
    COORDINATOR,
    REDIS
  }

  /** The region's aggregators can no longer reach the coordinator, or their regional Redis. */
  record RegionPartition(long atNanos, long untilNanos, int region, PartitionTarget from)
      implements Fault {
    @Override
    public String type() {
      return "region_partition";
    }
  }

  /** {@code replicas} aggregator replicas of a region crash, and restart (empty) at {@code untilNanos}. */
  record AggregatorCrash(long atNanos, long untilNanos, int region, int replicas) implements Fault {
    @Override
    public String type() {
      return "aggregator_crash";
    }
  }

  /** The region's Redis is unavailable. */
  record RedisOutage(long atNanos, long untilNanos, int region) implements Fault {
    @Override
    public String type() {
      return "redis_outage";
    }
  }

  /** The coordinator leader crashes; a standby takes over through the election. */
  record CoordinatorFailover(long atNanos) implements Fault {
    @Override
    public String type() {
      return "coordinator_failover";
    }
  }

  /**
   * New rules are applied. {@code rules} is the new rules list in the shared format (for the
   * production cores); {@code ruleLimits} the limits the reference systems read from it, in
   * scenario rule order.
   */
  record RuleChange(long atNanos, JsonNode rules, List<RuleLimits> ruleLimits) implements Fault {
    public RuleChange {
      ruleLimits = List.copyOf(ruleLimits);
    }

    @Override
    public String type() {
      return "rule_change";
    }
  }

  /**
   * Extra uniform traffic over {@code distinctKeys} never-seen keys of {@code rule} in {@code region}
   * (a key-cardinality attack), at {@code rps}.
   */
  record KeyFlood(long atNanos, long untilNanos, int region, int rule, double rps, long distinctKeys)
      implements Fault {
    @Override
    public String type() {
      return "key_flood";
    }
  }
}
