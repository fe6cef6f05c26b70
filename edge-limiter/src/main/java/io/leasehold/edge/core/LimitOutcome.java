package io.leasehold.edge.core;

/** What one limit of one quota says about one request; a reusable holder (one per deciding thread). */
final class LimitOutcome {
  static final int ALLOW = 0;
  static final int DENY = 1;
  static final int PENDING = 2;

  int code;
  long remaining;
  long retryAfterNanos;
  long resetAfterNanos;
  long waitDeadlineNanos;
  /** With {@link #PENDING}: the quota offers to hold this request for its thin share ({@link LimitState#settleHold}). */
  boolean offersHold;

  LimitOutcome set(int code, long remaining, long retryAfterNanos, long resetAfterNanos) {
    this.code = code;
    this.remaining = remaining;
    this.retryAfterNanos = retryAfterNanos;
    this.resetAfterNanos = resetAfterNanos;
    this.offersHold = false;
    return this;
  }
}
