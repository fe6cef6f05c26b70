package io.leasehold.model.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateTest {

  @Test
  void parsesEveryPeriodAndPrintsTheSameForm() {
    assertThat(Rate.parse("100/s")).contains(Rate.perSecond(100));
    assertThat(Rate.parse("7/m")).contains(Rate.perMinute(7));
    assertThat(Rate.parse("5000/h")).contains(Rate.perHour(5000));
    assertThat(Rate.parse("1/d")).contains(Rate.perDay(1));
    assertThat(Rate.perHour(5000)).hasToString("5000/h");
  }

  @Test
  void rejectsMalformedZeroAndOversizedRates() {
    assertThat(Rate.parse("0/s")).isEmpty();
    assertThat(Rate.parse("1/w")).isEmpty();
    assertThat(Rate.parse("/s")).isEmpty();
    assertThat(Rate.parse("1.5/s")).isEmpty();
    assertThat(Rate.parse("1000000000001/s")).isEmpty();
    assertThat(Rate.parse("99999999999999/s")).isEmpty();
    assertThatThrownBy(() -> Rate.perSecond(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accruesExactlyWithoutFloatingPoint() {
    Rate threePerSecond = Rate.perSecond(3);

    assertThat(threePerSecond.unitsAccrued(1_000_000_000L, 1)).isEqualTo(3);
    assertThat(threePerSecond.unitsAccrued(333_333_333L, 1)).isZero();
    assertThat(threePerSecond.unitsAccrued(333_333_334L, 1)).isEqualTo(1);
    assertThat(threePerSecond.unitsAccrued(500_000_000L, 1_000_000)).isEqualTo(1_500_000);
    assertThat(Rate.perHour(1).unitsAccrued(-5, 1)).isZero();
  }

  @Test
  void accrualNeverOverflowsAndSaturates() {
    Rate huge = Rate.perSecond(Rate.MAX_TOKENS);

    assertThat(huge.unitsAccrued(3_600_000_000_000L, 1)).isEqualTo(3_600_000_000_000_000L);
    assertThat(huge.unitsAccrued(Long.MAX_VALUE, 1_000_000)).isEqualTo(Long.MAX_VALUE);
    assertThat(Rate.perDay(Rate.MAX_TOKENS).unitsAccrued(86_400_000_000_000L, 1_000_000))
        .isEqualTo(Rate.MAX_TOKENS * 1_000_000);
  }

  @Test
  void timeToAccrueRoundsUp() {
    Rate threePerSecond = Rate.perSecond(3);

    assertThat(threePerSecond.nanosToAccrue(1, 1)).isEqualTo(333_333_334L);
    assertThat(threePerSecond.unitsAccrued(threePerSecond.nanosToAccrue(1, 1), 1)).isEqualTo(1);
    assertThat(threePerSecond.nanosToAccrue(0, 1)).isZero();
    assertThat(Rate.perSecond(Rate.MAX_TOKENS).nanosPerToken()).isEqualTo(1);
    assertThat(Rate.perDay(1).nanosPerToken()).isEqualTo(86_400_000_000_000L);
    assertThat(Rate.perDay(1).nanosToAccrue(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
  }
}
