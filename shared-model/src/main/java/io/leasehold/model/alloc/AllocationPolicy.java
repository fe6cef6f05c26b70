package io.leasehold.model.alloc;

/**
 * How capacity left over after every child's demand is met ("headroom") is handed out.
 *
 * @param distributeHeadroom when true, all of the capacity is granted, so that idle capacity sits
 *     where a sudden burst can use it without a round trip to the parent; when false, children get
 *     at most their demand (or floor) and the rest stays with the parent
 * @param headroomByDemandPermille the part of the headroom (0..1000 ‰) split in proportion to recent
 *     demand; the rest is split in proportion to weight, so that idle children also get some room
 */
public record AllocationPolicy(boolean distributeHeadroom, int headroomByDemandPermille) {
  /** Distribute all headroom, half by demand and half by weight. */
  public static final AllocationPolicy DEFAULT = new AllocationPolicy(true, 500);
  /** Never grant above demand (or floor). */
  public static final AllocationPolicy DEMAND_ONLY = new AllocationPolicy(false, 0);

  public AllocationPolicy {
    if (headroomByDemandPermille < 0 || headroomByDemandPermille > 1000) {
      throw new IllegalArgumentException(
          "headroomByDemandPermille: " + headroomByDemandPermille + " is outside 0..1000");
    }
  }
}
