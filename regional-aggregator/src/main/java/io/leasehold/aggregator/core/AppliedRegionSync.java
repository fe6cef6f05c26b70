package io.leasehold.aggregator.core;

import java.util.Optional;

/**
 * What {@link RegionLeaser#apply} did with a coordinator answer.
 *
 * @param accepted false when the answer came from a deposed leader (lower fencing token) and was
 *     ignored as a whole
 * @param grantsApplied grants now in force
 * @param grantsIgnored grants ignored: older (fencing token, epoch), another region's, or beyond
 *     the memory bound
 * @param newConfig a rules document newer than the one in force, to be parsed and validated by the
 *     shell before it calls {@link RegionLeaser#updateRules}
 * @param newConfigRevision its revision (0 when none)
 */
public record AppliedRegionSync(
    boolean accepted, int grantsApplied, int grantsIgnored, Optional<String> newConfig, long newConfigRevision) {}
