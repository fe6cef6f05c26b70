package io.leasehold.local;

import java.time.Duration;

/** A fault at a time after the start of a run. */
public record FaultStep(Duration at, FaultAction action) {
  @Override
  public String toString() {
    return at.toMillis() + "ms " + action.text();
  }
}
