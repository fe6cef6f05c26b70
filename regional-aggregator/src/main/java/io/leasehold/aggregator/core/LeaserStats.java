package io.leasehold.aggregator.core;

/**
 * Cumulative counters and current sizes of a {@link RegionLeaser}, for metrics.
 *
 * @param leasesGranted leases sent to edges
 * @param leasesRenewedInPlace of those, idle leases renewed with the tokens the edge returned, without a store op
 * @param tokensGranted tokens leased to edges from the store
 * @param tokensReturned tokens edges gave back that were credited to the store
 * @param emergencyTokensGranted tokens leased from the in-memory emergency share
 * @param droppedReturnTokens returned tokens never credited to the store: the store call that carried
 *     them failed, or they were held back for the quota's next store op and the quota was dropped first
 * @param replays sync requests dropped as duplicates or reordered retries
 * @param unknownQuotaReports reports for quotas without a policy (unknown or edge-scoped rules)
 * @param staleLeaderAnswers coordinator answers ignored because of their fencing token
 * @param grantsApplied coordinator grants applied
 * @param grantsIgnored coordinator grants ignored
 * @param quotas quotas tracked now
 * @param hotKeys hot keys now
 * @param grants grants held now
 * @param debtRepaid tokens taken from the store to pay for admissions no lease backed (starter
 *     allowances, floors, fail-open)
 * @param liveEdges edges counted live for the starter caps at their last computation
 * @param starterCappedRules starter rules whose allowance edges are told to lower now
 */
public record LeaserStats(
    long leasesGranted,
    long leasesRenewedInPlace,
    long tokensGranted,
    long tokensReturned,
    long emergencyTokensGranted,
    long droppedReturnTokens,
    long replays,
    long unknownQuotaReports,
    long staleLeaderAnswers,
    long grantsApplied,
    long grantsIgnored,
    int quotas,
    int hotKeys,
    int grants,
    long debtRepaid,
    int liveEdges,
    int starterCappedRules) {}
