package io.leasehold.aggregator.redis;

import io.leasehold.aggregator.CircuitState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Meters of a {@link RedisQuotaStore}. A round trip is one pipelined write of one or more commands
 * and the wait for all their replies; the latency timer measures round trips.
 */
final class RedisStoreMetrics {
  static final String ROUND_TRIPS = "leasehold.redis.round.trips";
  static final String COMMANDS = "leasehold.redis.commands";
  static final String OPS = "leasehold.redis.ops";
  static final String LATENCY = "leasehold.redis.latency";
  static final String FAILURES = "leasehold.redis.failures";
  static final String REJECTED = "leasehold.redis.rejected";
  static final String FUNCTION_LOADS = "leasehold.redis.function.loads";
  static final String CIRCUIT_STATE = "leasehold.redis.circuit.state";

  final MeterRegistry registry;
  final Counter roundTrips;
  final Counter commands;
  final Counter ops;
  final Timer latency;
  final Counter unavailable;
  final Counter errors;
  final Counter rejected;
  final Counter functionLoads;

  RedisStoreMetrics(MeterRegistry registry, Tags tags, Supplier<CircuitState> circuit) {
    this.registry = registry;
    this.roundTrips = Counter.builder(ROUND_TRIPS).tags(tags)
        .description("Pipelined batches sent to Redis").register(registry);
    this.commands = Counter.builder(COMMANDS).tags(tags)
        .description("Redis commands sent").register(registry);
    this.ops = Counter.builder(OPS).tags(tags)
        .description("Quota take/return ops applied through Redis").register(registry);
    this.latency = Timer.builder(LATENCY).tags(tags)
        .description("Redis round-trip latency").publishPercentileHistogram().register(registry);
    this.unavailable = Counter.builder(FAILURES).tags(tags).tag("kind", "unavailable")
        .description("Failed store calls").register(registry);
    this.errors = Counter.builder(FAILURES).tags(tags).tag("kind", "error")
        .description("Failed store calls").register(registry);
    this.rejected = Counter.builder(REJECTED).tags(tags)
        .description("Calls refused without I/O because the circuit was open").register(registry);
    this.functionLoads = Counter.builder(FUNCTION_LOADS).tags(tags)
        .description("FUNCTION LOAD REPLACE of the leasehold library").register(registry);
    Gauge.builder(CIRCUIT_STATE, () -> circuit.get().ordinal()).tags(tags)
        .description("Circuit state: 0 closed, 1 open, 2 half-open").register(registry);
  }
}
