package io.leasehold.aggregator;

/**
 * What one {@link StoreOp} did to its regional bucket.
 *
 * @param quotaKey the op's quota key
 * @param granted whole tokens taken for the caller: {@code 0 ≤ granted ≤ op.take()}
 * @param remaining whole tokens left in the regional bucket after the op
 * @param grantedTotal tokens granted from this bucket since its state was created
 * @param returnedTotal tokens given back to this bucket since its state was created (as reported,
 *     before the burst cap)
 * @param consumedTotal usage recorded since the state was created (the region's traffic share)
 */
public record StoreResult(
    String quotaKey, long granted, long remaining, long grantedTotal, long returnedTotal, long consumedTotal) {}
