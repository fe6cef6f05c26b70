package io.leasehold.model.alloc;

/**
 * What a child reports it holds from a parent whose ledger the current one does not have (a
 * previous coordinator leader, or an aggregator replica that restarted): used to seed a new
 * {@link GrantLedger} so that it never grants capacity that could still be in use.
 *
 * @param amount the rate and burst the child holds (the highest-epoch grant it has not let expire)
 * @param floor the floor it would fall back to
 * @param remainingTtlNanos how long the child will still use {@code amount}, by its own clock
 */
public record HeldGrant(RateBurst amount, RateBurst floor, long remainingTtlNanos) {
  public HeldGrant {
    if (amount == null || floor == null) {
      throw new IllegalArgumentException("amount/floor: must not be null");
    }
    if (remainingTtlNanos < 0) {
      throw new IllegalArgumentException("remainingTtlNanos: " + remainingTtlNanos + " is negative");
    }
  }
}
