package io.leasehold.model.bucket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class WideArithmeticProperties {

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  @Property(tries = 5000)
  void multiplyAddDivideIsExactOrSaturated(
      @ForAll("operands") long a, @ForAll("operands") long b, @ForAll("operands") long c,
      @ForAll("divisors") long d) {
    BigInteger dividend = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).add(BigInteger.valueOf(c));
    BigInteger expected = dividend.divide(BigInteger.valueOf(d));
    long actual = WideArithmetic.multiplyAddDivide(a, b, c, d);
    if (expected.compareTo(LONG_MAX) >= 0) {
      assertThat(actual).isEqualTo(WideArithmetic.SATURATED);
    } else {
      assertThat(actual).isEqualTo(expected.longValueExact());
      long remainder = a * b + c - actual * d;
      assertThat(remainder).isEqualTo(dividend.mod(BigInteger.valueOf(d)).longValueExact());
    }
  }

  @Property(tries = 5000)
  void divideUnsigned128MatchesBigInteger(@ForAll long high, @ForAll long low, @ForAll long divisor) {
    if (divisor == 0 || Long.compareUnsigned(high, divisor) >= 0) {
      return;
    }
    BigInteger dividend = unsigned(high).shiftLeft(64).or(unsigned(low));
    BigInteger expected = dividend.divide(unsigned(divisor));
    assertThat(unsigned(WideArithmetic.divideUnsigned128(high, low, divisor))).isEqualTo(expected);
  }

  @Provide
  Arbitrary<Long> operands() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 1_000),
        Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.of(0L, 1L, Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 32, (1L << 32) - 1, 1L << 62));
  }

  @Provide
  Arbitrary<Long> divisors() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 1_000),
        Arbitraries.longs().between(1, Long.MAX_VALUE),
        Arbitraries.of(1L, 3L, 27L, 86_400_000_000_000L, Long.MAX_VALUE, 1L << 32, (1L << 32) + 1));
  }

  private static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }
}
