package io.leasehold.model.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class MicroTokensProperties {

  @Property
  void accruedIsTheExactFloorOfRateTimesDuration(
      @ForAll @LongRange(min = 0, max = MicroTokens.MAX_PER_SECOND) long rate,
      @ForAll @LongRange(min = 0, max = MicroTokens.MAX_ACCRUAL_NANOS) long nanos) {
    BigInteger exact = BigInteger.valueOf(rate).multiply(BigInteger.valueOf(nanos))
        .divide(BigInteger.valueOf(1_000_000_000L));

    assertThat(MicroTokens.accrued(rate, nanos)).isEqualTo(exact.longValueExact());
  }

  @Example
  void theLargestRateOverTheLongestIntervalStillFits() {
    assertThat(MicroTokens.accrued(MicroTokens.MAX_PER_SECOND, MicroTokens.MAX_ACCRUAL_NANOS))
        .isEqualTo(8_640_000_000_000_000_000L);
  }

  @Example
  void accruedRejectsArgumentsOutsideItsExactRange() {
    assertThatThrownBy(() -> MicroTokens.accrued(MicroTokens.MAX_PER_SECOND + 1, 1))
        .hasMessageStartingWith("microTokensPerSecond: 100000000000001: must be in [0, ");
    assertThatThrownBy(() -> MicroTokens.accrued(1, -1)).hasMessageStartingWith("nanos: -1: must be in [0, ");
  }

  @Example
  void perSecondConvertsConfiguredLimits() {
    assertThat(MicroTokens.perSecond(100, TimeUnit.SECONDS.toNanos(1))).isEqualTo(100_000_000L);
    assertThat(MicroTokens.perSecond(5000, TimeUnit.HOURS.toNanos(1))).isEqualTo(1_388_888L);
    assertThat(MicroTokens.perSecond(1, TimeUnit.DAYS.toNanos(1))).isEqualTo(11L);
    assertThat(MicroTokens.perSecond(100_000_000L, TimeUnit.SECONDS.toNanos(1))).isEqualTo(MicroTokens.MAX_PER_SECOND);
    assertThatThrownBy(() -> MicroTokens.perSecond(100_000_001L, TimeUnit.SECONDS.toNanos(1)))
        .hasMessageContaining("exceeds the largest rate, 100000000 tokens/s");
    assertThatThrownBy(() -> MicroTokens.perSecond(1, 0)).hasMessage("periodNanos: 0: must be > 0");
    assertThat(MicroTokens.toTokensPerSecond(1_500_000L)).isEqualTo(1.5);
  }
}
