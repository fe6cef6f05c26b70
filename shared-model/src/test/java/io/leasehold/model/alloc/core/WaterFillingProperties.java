package io.leasehold.model.alloc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.model.alloc.AmountArbitraries;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** {@link WaterFilling#fillEqual}'s settling passes give what the sort and the general fill give. */
class WaterFillingProperties {

  @Property(tries = 2000)
  void settlingGivesTheSortedResult(@ForAll("demands") List<Long> demands, @ForAll("budgets") long budget) {
    long[] hi = demands.stream().mapToLong(Long::longValue).toArray();
    long[] settled = WaterFilling.fillEqual(budget, hi);
    if (Arrays.stream(hi).sum() > budget) {
      assertThat(settled).containsExactly(WaterFilling.fillEqualSorted(budget, hi));
    }
    long[] ones = new long[hi.length];
    Arrays.fill(ones, 1);
    assertThat(settled).containsExactly(WaterFilling.fill(budget, new long[hi.length], hi, ones));
  }

  /** Demands that halve from one participant to the next settle one per pass: the sort takes over. */
  @Property(tries = 200)
  void demandsSettlingOnePerPassGiveTheSortedResult(
      @ForAll @LongRange(min = 5, max = 40) long count, @ForAll @LongRange(min = 0, max = 3) long extra) {
    long[] hi = new long[(int) count];
    for (int i = 0; i < hi.length; i++) {
      hi[i] = 1L << (hi.length - i); // descending: each pass settles only the last one left
    }
    long budget = 0;
    for (int i = hi.length - 1; i >= hi.length / 2; i--) {
      budget += hi[i];
    }
    budget += extra;
    long[] ones = new long[hi.length];
    Arrays.fill(ones, 1);
    assertThat(WaterFilling.fillEqual(budget, hi))
        .containsExactly(WaterFilling.fillEqualSorted(budget, hi))
        .containsExactly(WaterFilling.fill(budget, new long[hi.length], hi, ones));
  }

  @Provide
  Arbitrary<List<Long>> demands() {
    return AmountArbitraries.demands(1, 60);
  }

  @Provide
  Arbitrary<Long> budgets() {
    return AmountArbitraries.capacities(300);
  }
}
