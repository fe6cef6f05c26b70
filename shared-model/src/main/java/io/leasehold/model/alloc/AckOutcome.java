package io.leasehold.model.alloc;

/** What {@link GrantLedger#onAck} did with an acknowledgement. */
public enum AckOutcome {
  /** The epoch is newer than any acknowledged before: older grants of the child are released. */
  ACCEPTED,
  /** The epoch was already acknowledged (or superseded): nothing changes. Duplicates are normal. */
  STALE,
  /** The ledger does not know the child (never granted, or removed): ignored. */
  UNKNOWN_CHILD,
  /** The epoch was never issued by this ledger (e.g. from a deposed leader's grants): ignored. */
  UNKNOWN_EPOCH
}
