package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.Objects;

/**
 * A region's usage and demand for one coordinator-managed quota since its previous sync.
 *
 * @param quota the quota: a rule aggregate (empty key) or a hot key
 * @param consumed tokens admitted in the region since the previous report
 * @param denied tokens refused in the region since the previous report
 * @param demandMicroTokensPerSecond the region's smoothed demand estimate
 */
public record DemandReport(
    QuotaId quota,
    long consumed,
    long denied,
    long demandMicroTokensPerSecond) {

  public DemandReport {
    Objects.requireNonNull(quota, "quota");
  }
}
