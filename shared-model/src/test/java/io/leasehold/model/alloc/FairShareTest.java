package io.leasehold.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairShareTest {

  private static Map<String, ChildDemand> children(Object... idAndDemand) {
    Map<String, ChildDemand> map = new LinkedHashMap<>();
    for (int i = 0; i < idAndDemand.length; i += 2) {
      map.put((String) idAndDemand[i], (ChildDemand) idAndDemand[i + 1]);
    }
    return map;
  }

  private static ChildDemand demand(long rate) {
    return ChildDemand.of(rate);
  }

  private static ChildDemand weighted(long rate, int weight) {
    return new ChildDemand(rate, 0, weight, 0);
  }

  private static long[] rates(Allocation allocation) {
    return allocation.targets().values().stream().mapToLong(ChildTarget::rate).toArray();
  }

  @Test
  void classicWaterFillingSatisfiesSmallDemandsAndSplitsTheRestEvenly() {
    Allocation a =
        FairShare.allocate(
            new RateBurst(10_000, 0),
            children("a", demand(2_000), "b", demand(2_600), "c", demand(4_000), "d", demand(5_000)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(rates(a)).containsExactly(2_000, 2_600, 2_700, 2_700);
  }

  @Test
  void weightsSplitContestedCapacityInProportion() {
    Allocation a =
        FairShare.allocate(
            new RateBurst(12_000, 0),
            children("a", weighted(100_000, 1), "b", weighted(100_000, 2), "c", weighted(100_000, 3)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(rates(a)).containsExactly(2_000, 4_000, 6_000);
  }

  @Test
  void capacityASatisfiedChildLeavesIsSharedByWeight() {
    Allocation a =
        FairShare.allocate(
            new RateBurst(100, 0),
            children("a", weighted(10, 1), "b", weighted(100, 1), "c", weighted(100, 2)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(rates(a)).containsExactly(10, 30, 60);
  }

  @Test
  void roundingRemainderGoesToTheLowestIdAndTheSumIsExact() {
    Allocation a =
        FairShare.allocate(
            new RateBurst(10, 0),
            children("c", demand(100), "a", demand(100), "b", demand(100)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(a.target("a").rate()).isEqualTo(4);
    assertThat(a.target("b").rate()).isEqualTo(3);
    assertThat(a.target("c").rate()).isEqualTo(3);
  }

  @Test
  void higherBandIsServedBeforeLowerBands() {
    Allocation a =
        FairShare.allocate(
            new RateBurst(100, 0),
            children(
                "gold", new ChildDemand(70, 0, 1, 1),
                "silver", new ChildDemand(50, 0, 1, 0),
                "bronze", new ChildDemand(50, 0, 1, 0)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(a.target("gold").rate()).isEqualTo(70);
    assertThat(a.target("silver").rate()).isEqualTo(15);
    assertThat(a.target("bronze").rate()).isEqualTo(15);
  }

  @Test
  void lowerBandKeepsItsFloorEvenWhenAHigherBandWantsEverything() {
    Allocation a =
        FairShare.allocate(
            new RateBurst(100, 0),
            children("high", new ChildDemand(1_000, 0, 1, 5), "low", new ChildDemand(1_000, 20, 1, 0)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(a.target("high").rate()).isEqualTo(80);
    assertThat(a.target("low").rate()).isEqualTo(20);
  }

  @Test
  void floorIsGrantedWithoutDemandAndCountsTowardsTheFairShare() {
    Allocation idle =
        FairShare.allocate(
            new RateBurst(100, 0),
            children("a", new ChildDemand(0, 30, 1, 0), "b", demand(1_000)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(rates(idle)).containsExactly(30, 70);

    // a's floor of 100 already exceeds the level b reaches, so a gets no more than its floor.
    Allocation contested =
        FairShare.allocate(
            new RateBurst(150, 0),
            children("a", new ChildDemand(1_000, 100, 1, 0), "b", demand(1_000)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(rates(contested)).containsExactly(100, 50);

    Allocation larger =
        FairShare.allocate(
            new RateBurst(300, 0),
            children("a", new ChildDemand(1_000, 100, 1, 0), "b", demand(1_000)),
            AllocationPolicy.DEMAND_ONLY);
    assertThat(rates(larger)).containsExactly(150, 150);
  }

  @Test
  void floorsAboveCapacityAreScaledProportionally() {
    Allocation a =
        FairShare.allocate(
            new RateBurst(100, 1_000),
            children(
                "a", new ChildDemand(500, 100, 1, 0),
                "b", new ChildDemand(500, 60, 1, 0),
                "c", new ChildDemand(500, 40, 1, 0)));
    assertThat(a.targets().values()).extracting(ChildTarget::floorRate).containsExactly(50L, 30L, 20L);
    assertThat(rates(a)).containsExactly(50, 30, 20);
    assertThat(a.targets().values()).extracting(ChildTarget::floorBurst).containsExactly(500L, 300L, 200L);
  }

  @Test
  void headroomIsSplitHalfByDemandHalfByWeight() {
    Allocation a =
        FairShare.allocate(new RateBurst(100, 200), children("a", demand(10), "b", demand(30)));
    // 60 left: 30 by demand (10:30 → 7.5/22.5, the tie on the remainder goes to "a"), 30 by weight.
    assertThat(a.target("a").fairRate()).isEqualTo(10);
    assertThat(a.target("b").fairRate()).isEqualTo(30);
    assertThat(a.target("a").rate()).isEqualTo(10 + 8 + 15);
    assertThat(a.target("b").rate()).isEqualTo(30 + 22 + 15);
    assertThat(a.target("a").burst()).isEqualTo(66);
    assertThat(a.target("b").burst()).isEqualTo(134);
  }

  @Test
  void idleChildrenShareHeadroomByWeight() {
    Allocation a =
        FairShare.allocate(new RateBurst(90, 90), children("a", weighted(0, 1), "b", weighted(0, 2)));
    assertThat(rates(a)).containsExactly(30, 60);
  }

  @Test
  void demandOnlyPolicyKeepsHeadroomWithTheParent() {
    Allocation a =
        FairShare.allocate(
            new RateBurst(100, 100), children("a", demand(10), "b", demand(30)), AllocationPolicy.DEMAND_ONLY);
    assertThat(rates(a)).containsExactly(10, 30);
    assertThat(a.total()).isEqualTo(new RateBurst(40, 40));
  }

  @Test
  void zeroRateCapacitySplitsTheFixedBurstByWeight() {
    Allocation a = FairShare.allocate(new RateBurst(0, 100), children("a", weighted(5, 1), "b", weighted(5, 3)));
    assertThat(rates(a)).containsExactly(0, 0);
    assertThat(a.targets().values()).extracting(ChildTarget::burst).containsExactly(25L, 75L);
  }

  @Test
  void hugeAmountsDoNotOverflow() {
    long max = RateBurst.MAX_AMOUNT;
    Allocation a =
        FairShare.allocate(
            new RateBurst(max, max),
            children(
                "a", new ChildDemand(max, max / 3, ChildDemand.MAX_WEIGHT, 0),
                "b", new ChildDemand(max, max / 2, 1, 0),
                "c", new ChildDemand(max, max, 7, 1)));
    assertThat(a.total().rate()).isEqualTo(max);
    assertThat(a.total().burst()).isLessThanOrEqualTo(max);
  }

  @Test
  void resultDoesNotDependOnMapOrder() {
    Map<String, ChildDemand> forward = children("a", weighted(50, 2), "b", weighted(70, 3), "c", weighted(5, 1));
    Map<String, ChildDemand> shuffled = new HashMap<>(forward);
    assertThat(FairShare.allocate(new RateBurst(97, 13), shuffled))
        .isEqualTo(FairShare.allocate(new RateBurst(97, 13), forward));
  }

  @Test
  void invalidInputIsRejectedWithFieldAndValue() {
    assertThatThrownBy(() -> new ChildDemand(-1, 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("demandRate: -1");
    assertThatThrownBy(() -> new ChildDemand(0, 0, 0, 0)).hasMessageContaining("weight: 0 is outside");
    assertThatThrownBy(() -> new ChildDemand(0, 0, 1, 1_001)).hasMessageContaining("band: 1001");
    assertThatThrownBy(() -> new RateBurst(RateBurst.MAX_AMOUNT + 1, 0)).hasMessageContaining("rate: ");
    Map<String, ChildDemand> withNull = new HashMap<>();
    withNull.put("eu-west", null);
    assertThatThrownBy(() -> FairShare.allocate(new RateBurst(1, 1), withNull))
        .hasMessage("children['eu-west']: demand is null");
  }
}
