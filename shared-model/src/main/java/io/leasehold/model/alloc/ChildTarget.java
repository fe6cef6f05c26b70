package io.leasehold.model.alloc;

/**
 * The share the allocator computed for one child.
 *
 * @param rate target rate (milli-tokens/s): {@code fairRate} plus any headroom
 * @param burst target burst share (milli-tokens), proportional to {@code rate}
 * @param floorRate the child's floor as reserved (scaled down when the floors exceed the capacity)
 * @param floorBurst the burst the child may keep when it falls back to its floor
 * @param fairRate the max-min fair share before headroom: what the child is entitled to
 */
public record ChildTarget(long rate, long burst, long floorRate, long floorBurst, long fairRate) {
  public RateBurst amount() {
    return new RateBurst(rate, burst);
  }

  public RateBurst floor() {
    return new RateBurst(floorRate, floorBurst);
  }
}
