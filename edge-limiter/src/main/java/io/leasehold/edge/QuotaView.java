package io.leasehold.edge;

/**
 * A debug view of one quota held by this edge (DESIGN.md invariant 7).
 *
 * @param quota {@code ruleId/limitIndex/key}
 * @param mode how the quota currently decides ({@link DecisionReason#label()})
 * @param tokens whole tokens available now
 * @param leaseEpoch epoch of the held lease; 0 when none
 * @param leaseRemainingMillis time left on the lease; 0 when none or expired
 * @param wantedMicroTokensPerSecond the demand estimate last reported
 * @param unreportedConsumed tokens admitted since the last report
 * @param unreportedDenied tokens refused since the last report
 */
public record QuotaView(
    String quota, String mode, long tokens, long leaseEpoch, long leaseRemainingMillis,
    long wantedMicroTokensPerSecond, long unreportedConsumed, long unreportedDenied) {}
