package io.leasehold.sim.leasehold;

import io.leasehold.sim.scenario.Scenario;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The deployment's timing as the shells would configure it for a scenario: the scenario's sync
 * intervals, jitter and request timeout, and the production defaults for the rest (lease TTL 2 s,
 * prefetch two edge intervals, Redis call timeout 250 ms, etcd lease TTL 5 s).
 *
 * @param electionDelay how long after a leader crash the standby wins the election (etcd lease TTL)
 */
record Timing(
    Duration edgeInterval,
    Duration regionInterval,
    double jitter,
    long callTimeoutNanos,
    long storeTimeoutNanos,
    Duration leaseTtl,
    Duration prefetchHorizon,
    Duration electionDelay) {

  static final Duration REDIS_CALL_TIMEOUT = Duration.ofMillis(250);
  static final Duration ETCD_LEASE_TTL = Duration.ofSeconds(5);
  static final Duration LEASE_TTL = Duration.ofSeconds(2);

  static Timing of(Scenario scenario) {
    Duration edge = Duration.ofNanos(scenario.sync().edgeIntervalNanos());
    long timeout = scenario.requestTimeoutNanos();
    return new Timing(edge, Duration.ofNanos(scenario.sync().regionIntervalNanos()), scenario.sync().jitter(),
        timeout, Math.min(timeout, REDIS_CALL_TIMEOUT.toNanos()), LEASE_TTL.compareTo(edge) > 0 ? LEASE_TTL
            : edge.multipliedBy(4), edge.multipliedBy(2), ETCD_LEASE_TTL);
  }

  /** {@code nanos} moved by up to ± jitter of itself. */
  long jittered(long nanos, SplittableRandom rng) {
    long spread = (long) (nanos * jitter);
    return spread <= 0 ? nanos : nanos + rng.nextLong(-spread, spread + 1);
  }
}
