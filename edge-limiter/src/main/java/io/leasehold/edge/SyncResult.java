package io.leasehold.edge;

import java.util.List;

/**
 * What applying a sync response did.
 *
 * @param config whether the rules changed
 * @param configProblems why a relayed config was rejected (the previous rules stay in force)
 * @param leasesApplied leases applied to held quotas
 * @param leasesReturned leases for quotas no longer held, whose tokens go back at the next sync
 * @param nextSyncMillis the aggregator's hint for the next sync (0: none)
 * @param degraded whether the aggregator serves from fallback shares
 */
public record SyncResult(
    ConfigChange config, List<String> configProblems, int leasesApplied, int leasesReturned,
    long nextSyncMillis, boolean degraded) {

  /** What a sync did to the rules. */
  public enum ConfigChange {
    UNCHANGED,
    APPLIED,
    REJECTED
  }

  public SyncResult {
    configProblems = List.copyOf(configProblems);
  }
}
