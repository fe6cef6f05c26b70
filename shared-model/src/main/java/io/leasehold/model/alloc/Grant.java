package io.leasehold.model.alloc;

/**
 * Capacity a parent gives a child: a region grant from the coordinator, or the rate behind an
 * edge lease from an aggregator.
 *
 * <p>The child's side of the contract (docs/allocator.md, "Child contract"): it keeps the grant
 * with the highest epoch it has received and ignores lower ones; it uses it until {@code ttlNanos}
 * after it <em>sent</em> the request this grant answers, on its own monotonic clock, minus its own
 * margin; it acknowledges the highest epoch it uses in its next report; when the grant has expired
 * and no newer one arrived it falls back to {@code floorRate}/{@code floorBurst}.
 *
 * @param child child id
 * @param epoch sequence number, strictly increasing with each grant the ledger issues (so also per
 *     child); ordered after the leader's fencing token when a leader changes
 * @param rate milli-tokens/s
 * @param burst milli-tokens
 * @param floorRate the fallback rate reserved for the child (≤ rate)
 * @param floorBurst the fallback burst reserved for the child (≤ burst)
 * @param issuedAtNanos the parent's monotonic time at issue; meaningful to the parent only
 * @param ttlNanos validity, measured by the child from when it sent its request
 */
public record Grant(
    String child,
    long epoch,
    long rate,
    long burst,
    long floorRate,
    long floorBurst,
    long issuedAtNanos,
    long ttlNanos) {

  public RateBurst amount() {
    return new RateBurst(rate, burst);
  }

  public RateBurst floor() {
    return new RateBurst(floorRate, floorBurst);
  }
}
