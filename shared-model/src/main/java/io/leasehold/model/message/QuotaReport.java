package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.Objects;

/**
 * What an edge tells its aggregator about one quota since its previous sync.
 *
 * @param quota the quota
 * @param consumed tokens admitted since the previous report
 * @param denied tokens refused since the previous report (demand the lease could not cover)
 * @param wantedMicroTokensPerSecond the edge's demand estimate for the next period
 * @param returned unused leased tokens given back (e.g. the quota was evicted locally)
 * @param ackEpoch epoch of the latest lease the edge holds for this quota; 0 when it holds none
 * @param held tokens of the request the edge holds for this sync's answer (a rule with
 *     {@code thin_share: hold} whose edge share is under one token per sync interval); 0 when none
 */
public record QuotaReport(
    QuotaId quota,
    long consumed,
    long denied,
    long wantedMicroTokensPerSecond,
    long returned,
    long ackEpoch,
    long held) {

  public QuotaReport {
    Objects.requireNonNull(quota, "quota");
  }

  /** A report holding no request. */
  public QuotaReport(QuotaId quota, long consumed, long denied, long wantedMicroTokensPerSecond, long returned,
      long ackEpoch) {
    this(quota, consumed, denied, wantedMicroTokensPerSecond, returned, ackEpoch, 0);
  }
}
