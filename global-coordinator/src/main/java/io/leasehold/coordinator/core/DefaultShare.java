package io.leasehold.coordinator.core;

/**
 * How a per-key rule's limit is split between regions for keys that are not hot (rule field
 * {@code key_region_share}). The coordinator turns it into each region's <em>default per-key
 * grant</em>, sent as the grant of the rule's aggregate quota.
 */
public enum DefaultShare {
  /** Every known region gets the same share. */
  EQUAL,
  /** Shares follow the rule's {@code region_weights}. */
  WEIGHTS,
  /** Shares follow each region's measured share of the rule's traffic. */
  TRAFFIC
}
