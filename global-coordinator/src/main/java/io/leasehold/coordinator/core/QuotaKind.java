package io.leasehold.coordinator.core;

/** The three kinds of quota the central pool manages. */
public enum QuotaKind {
  /** The aggregate quota of a constant-key rule: one global bucket shared by the regions. */
  AGGREGATE,
  /**
   * The aggregate quota of a per-key rule: its grant is the region's default share of every
   * non-hot key's limit (Σ over regions ≤ the per-key limit).
   */
  DEFAULT_SHARE,
  /** One hot key of a per-key rule, granted explicitly. */
  HOT_KEY
}
