package io.leasehold.coordinator.core;

import io.leasehold.model.alloc.RateBurst;
import java.util.Optional;

/**
 * One region's state in one quota, for the admin API. Amounts in allocator units (milli-tokens/s
 * and milli-tokens).
 *
 * @param region region name
 * @param demandRate the demand fed to the allocator
 * @param smoothedRate the smoothed observed rate (consumed + denied)
 * @param targetRate the region's current fair share (0 when it is not live)
 * @param lastGrant the last grant sent, if any
 * @param lastEpoch wire epoch of {@code lastGrant} (0 when none)
 * @param outstanding what the region may be using now, as far as the ledger knows
 * @param acknowledged whether the region acknowledged a grant of this leader for this quota
 * @param heldBack whether the last grant was held below target (revoke, then reassign)
 * @param lastReportAgoMillis time since its last report of this quota (-1: never)
 */
public record RegionView(
    String region,
    long demandRate,
    long smoothedRate,
    long targetRate,
    Optional<RateBurst> lastGrant,
    long lastEpoch,
    RateBurst outstanding,
    boolean acknowledged,
    boolean heldBack,
    long lastReportAgoMillis) {}
