package io.leasehold.model.alloc.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApportionmentTest {

  @Test
  void largestRemaindersGetTheLeftoverTiesToTheLowestIndex() {
    assertThat(Apportionment.apportion(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
    assertThat(Apportionment.apportion(7, new long[] {1, 2, 4})).containsExactly(1, 2, 4);
    assertThat(Apportionment.apportion(5, new long[] {0, 3, 1})).containsExactly(0, 4, 1);
  }

  @Test
  void zeroKeysGetNothing() {
    assertThat(Apportionment.apportion(10, new long[] {0, 0})).containsExactly(0, 0);
    assertThat(Apportionment.apportion(10, new long[] {0, 5})).containsExactly(0, 10);
  }

  @Test
  void keysWhoseSumOverflowsAreStillSplitExactly() {
    long[] shares = Apportionment.apportion(1_000, new long[] {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE / 2});
    assertThat(shares).containsExactly(400, 400, 200);
  }

  @Test
  void waterFillingHonoursLowerBoundsAndUsesTheBudgetExactly() {
    long[] alloc =
        WaterFilling.fill(50, new long[] {100, 0, 0}, new long[] {1_000, 1_000, 10}, new long[] {1, 1, 1});
    assertThat(alloc).containsExactly(100, 40, 10);
  }

  @Test
  void productsAreComparedAndDividedWithoutOverflow() {
    assertThat(ExactMath.compareProducts(Long.MAX_VALUE, 3, Long.MAX_VALUE, 2)).isPositive();
    long expected =
        java.math.BigInteger.valueOf(Long.MAX_VALUE).multiply(java.math.BigInteger.valueOf(6))
            .divide(java.math.BigInteger.valueOf(7)).longValueExact();
    assertThat(ExactMath.mulDivFloor(Long.MAX_VALUE, 6, 7)).isEqualTo(expected);
    assertThat(ExactMath.mulMod(Long.MAX_VALUE, 6, 7)).isEqualTo(Long.MAX_VALUE % 7 * 6 % 7);
  }
}
