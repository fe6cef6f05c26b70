package io.leasehold.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FairShareProperties {

  record Case(RateBurst capacity, Map<String, ChildDemand> children) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Long> smallAmount = Arbitraries.longs().between(0, 2_000);
    Arbitrary<Long> amount =
        Arbitraries.oneOf(smallAmount, Arbitraries.longs().between(0, RateBurst.MAX_AMOUNT));
    Arbitrary<ChildDemand> child =
        Combinators.combine(
                amount,
                Arbitraries.oneOf(Arbitraries.just(0L), smallAmount, amount),
                Arbitraries.oneOf(
                    Arbitraries.integers().between(1, 5),
                    Arbitraries.integers().between(1, ChildDemand.MAX_WEIGHT)),
                Arbitraries.integers().between(0, 2))
            .as(ChildDemand::new);
    Arbitrary<Map<String, ChildDemand>> children =
        child.list().ofMinSize(1).ofMaxSize(8).map(list -> {
          Map<String, ChildDemand> map = new TreeMap<>();
          for (int i = 0; i < list.size(); i++) {
            map.put("c" + i, list.get(i));
          }
          return map;
        });
    Arbitrary<RateBurst> capacity = Combinators.combine(amount, amount).as(RateBurst::new);
    return Combinators.combine(capacity, children).as(Case::new);
  }

  @Property(tries = 2_000)
  void sharesNeverExceedCapacity(@ForAll("cases") Case c, @ForAll boolean distributeHeadroom) {
    AllocationPolicy policy = distributeHeadroom ? AllocationPolicy.DEFAULT : AllocationPolicy.DEMAND_ONLY;
    Allocation a = FairShare.allocate(c.capacity(), c.children(), policy);
    long rate = 0;
    long burst = 0;
    long floorRate = 0;
    long floorBurst = 0;
    for (ChildTarget t : a.targets().values()) {
      rate += t.rate();
      burst += t.burst();
      floorRate += t.floorRate();
      floorBurst += t.floorBurst();
      assertThat(t.floorRate()).isLessThanOrEqualTo(t.fairRate());
      assertThat(t.fairRate()).isLessThanOrEqualTo(t.rate());
      assertThat(t.floorBurst()).isLessThanOrEqualTo(t.burst());
    }
    assertThat(rate).isLessThanOrEqualTo(c.capacity().rate());
    assertThat(burst).isLessThanOrEqualTo(c.capacity().burst());
    assertThat(floorRate).isLessThanOrEqualTo(c.capacity().rate());
    assertThat(floorBurst).isLessThanOrEqualTo(c.capacity().burst());
    if (distributeHeadroom) {
      assertThat(rate).as("all capacity is granted").isEqualTo(c.capacity().rate());
    }
  }

  @Property(tries = 2_000)
  void floorsAreHonouredOrScaledTogether(@ForAll("cases") Case c) {
    Allocation a = FairShare.allocate(c.capacity(), c.children());
    long cap = c.capacity().rate();
    BigInteger asked = BigInteger.ZERO;
    for (ChildDemand d : c.children().values()) {
      asked = asked.add(BigInteger.valueOf(Math.min(d.floorRate(), cap)));
    }
    long granted = 0;
    for (Map.Entry<String, ChildDemand> e : c.children().entrySet()) {
      ChildTarget t = a.target(e.getKey());
      long floor = Math.min(e.getValue().floorRate(), cap);
      granted += t.floorRate();
      if (asked.compareTo(BigInteger.valueOf(cap)) <= 0) {
        assertThat(t.floorRate()).isEqualTo(floor);
      } else {
        assertThat(t.floorRate()).isLessThanOrEqualTo(floor);
      }
    }
    if (asked.compareTo(BigInteger.valueOf(cap)) > 0) {
      assertThat(granted).isEqualTo(cap);
    }
  }

  /**
   * Weighted max-min fairness within rounding: nobody is above its floor at a higher normalised
   * level than an unsatisfied child of the same band; a lower band gets nothing above its floors
   * while a higher band is unsatisfied; capacity is only left over when every demand is met.
   */
  @Property(tries = 2_000)
  void noChildIsAboveItsShareWhileAnotherIsBelowIt(@ForAll("cases") Case c, @ForAll boolean distributeHeadroom) {
    AllocationPolicy policy = distributeHeadroom ? AllocationPolicy.DEFAULT : AllocationPolicy.DEMAND_ONLY;
    Allocation a = FairShare.allocate(c.capacity(), c.children(), policy);
    long cap = c.capacity().rate();
    List<String> ids = List.copyOf(c.children().keySet());
    boolean anyUnsatisfied = false;
    long fairTotal = 0;
    for (String i : ids) {
      ChildDemand di = c.children().get(i);
      ChildTarget ti = a.target(i);
      long demandI = Math.min(di.demandRate(), cap);
      fairTotal += ti.fairRate();
      assertThat(ti.fairRate()).isLessThanOrEqualTo(Math.max(ti.floorRate(), demandI));
      if (ti.fairRate() >= demandI) {
        continue;
      }
      anyUnsatisfied = true;
      for (String j : ids) {
        ChildDemand dj = c.children().get(j);
        ChildTarget tj = a.target(j);
        if (tj.fairRate() <= tj.floorRate()) {
          continue;
        }
        assertThat(dj.band()).as("%s above its floor in a lower band than unsatisfied %s", j, i)
            .isGreaterThanOrEqualTo(di.band());
        if (dj.band() == di.band()) {
          BigInteger levelJ = BigInteger.valueOf(tj.fairRate() - 1).multiply(BigInteger.valueOf(di.weight()));
          BigInteger levelI = BigInteger.valueOf(ti.fairRate() + 1).multiply(BigInteger.valueOf(dj.weight()));
          assertThat(levelJ).as("%s above the level of unsatisfied %s", j, i).isLessThan(levelI);
        }
      }
    }
    if (anyUnsatisfied) {
      assertThat(fairTotal).isEqualTo(cap);
      assertThat(a.total().rate()).as("no headroom while a demand is unmet").isEqualTo(fairTotal);
    }
  }

  @Property(tries = 500)
  void allocationIsDeterministicAndOrderIndependent(@ForAll("cases") Case c) {
    Map<String, ChildDemand> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.putAll(c.children());
    assertThat(FairShare.allocate(c.capacity(), reversed)).isEqualTo(FairShare.allocate(c.capacity(), c.children()));
  }

  /** The fast path gives exactly the rates of the general computation for the children it serves. */
  @Property
  void maxMinRatesAreTheRatesOfAllocateForPlainChildrenWhoseDemandExceedsTheCapacity(
      @ForAll("plainDemands") List<Long> demands, @ForAll("capacities") long capacity) {
    long[] asArray = demands.stream().mapToLong(Long::longValue).toArray();
    long[] rates = FairShare.maxMinRates(capacity, asArray);

    long total = 0;
    for (int i = 0; i < asArray.length; i++) {
      assertThat(rates[i]).isBetween(0L, Math.min(asArray[i], capacity));
      total += rates[i];
    }
    long wanted = demands.stream().mapToLong(d -> Math.min(d, capacity)).reduce(0, Math::addExact);
    assertThat(total).isEqualTo(Math.min(capacity, wanted));
    if (demands.stream().mapToLong(Long::longValue).reduce(0, Math::addExact) > capacity) {
      Map<String, ChildDemand> children = new TreeMap<>();
      for (int i = 0; i < asArray.length; i++) {
        children.put(String.format("edge-%03d", i), ChildDemand.of(asArray[i]));
      }
      Allocation general = FairShare.allocate(new RateBurst(capacity, capacity), children);
      for (int i = 0; i < asArray.length; i++) {
        assertThat(rates[i]).as("child %d", i).isEqualTo(general.targets().get(String.format("edge-%03d", i)).rate());
      }
    }
  }

  /** Written into a kept array, the rates are the same, whatever the array held before. */
  @Property
  void maxMinRatesIntoAKeptArrayAreTheRatesOfANewOne(
      @ForAll("plainDemands") List<Long> demands, @ForAll("capacities") long capacity, @ForAll long stale) {
    long[] asArray = demands.stream().mapToLong(Long::longValue).toArray();
    long[] kept = new long[asArray.length];
    java.util.Arrays.fill(kept, stale);
    long[] rates = FairShare.maxMinRates(capacity, asArray, kept);
    assertThat(rates).isSameAs(kept).containsExactly(FairShare.maxMinRates(capacity, asArray));
    long[] wrongSize = new long[asArray.length + 1];
    assertThat(FairShare.maxMinRates(capacity, asArray, wrongSize)).isNotSameAs(wrongSize)
        .containsExactly(FairShare.maxMinRates(capacity, asArray));
  }

  @Provide
  Arbitrary<List<Long>> plainDemands() {
    return AmountArbitraries.demands(0, 40);
  }

  @Provide
  Arbitrary<Long> capacities() {
    return AmountArbitraries.capacities(200);
  }
}
