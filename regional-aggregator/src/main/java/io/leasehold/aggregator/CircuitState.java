package io.leasehold.aggregator;

/** Circuit-breaker state of a {@link QuotaStore}, for the shell's {@code degraded} flag. */
public enum CircuitState {
  /** Calls go through; failures are being counted. */
  CLOSED,
  /** Calls fail fast without touching the backend until the open interval has passed. */
  OPEN,
  /** The open interval passed: one probe call at a time decides between closed and open. */
  HALF_OPEN
}
