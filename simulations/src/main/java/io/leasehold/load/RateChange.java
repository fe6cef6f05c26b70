package io.leasehold.load;

/** A rule's first limit changed to {@code ratePerSecond}/{@code burst} at {@code offsetNanos} into a run. */
public record RateChange(String ruleId, long offsetNanos, double ratePerSecond, double burst) {}
