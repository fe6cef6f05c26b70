package io.leasehold.local;

import java.util.Map;
import java.util.Optional;

/**
 * What one fault step did: when it started after the run's start, how long the step itself took,
 * what it measured, and the error if it failed.
 */
public record FaultOutcome(FaultStep step, long startedAtMillis, long tookMillis, Map<String, Object> details,
    Optional<String> error) {

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%7.1fs %-32s %s", startedAtMillis / 1000.0, step.action().text(),
        error.map(e -> "FAILED: " + e).orElse(details.isEmpty() ? "ok" : details.toString()));
  }
}
