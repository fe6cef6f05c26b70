package io.leasehold.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreOpTest {
  private static final Duration TTL = Duration.ofMinutes(1);

  @Test
  void theLargestAllowedValuesStayBelowTwoToThe53InMilliTokens() {
    StoreOp op = new StoreOp("q", StoreOp.MAX_RATE_MICRO_TOKENS_PER_SECOND, StoreOp.MAX_BURST, StoreOp.MAX_BURST,
        StoreOp.MAX_BURST, StoreOp.MAX_BURST, StoreOp.MAX_IDLE_TTL);
    assertThat(op.burst() * 1000).isLessThan(1L << 53);
    assertThat(op.rateMicroTokensPerSecond()).isLessThan(1L << 53);
    assertThat(op.idleTtlMillis()).isEqualTo(Duration.ofDays(30).toMillis());
  }

  @Test
  void badFieldsAreRejectedWithFieldValueAndReason() {
    assertThatThrownBy(() -> new StoreOp("q", 0, StoreOp.MAX_BURST + 1, 0, 0, 0, TTL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("StoreOp(q).burst: 1000000000001 is outside [0, 1000000000000] tokens");
    assertThatThrownBy(() -> new StoreOp("q", -1, 1, 0, 0, 0, TTL))
        .hasMessageStartingWith("StoreOp(q).rateMicroTokensPerSecond: -1 is outside");
    assertThatThrownBy(() -> new StoreOp("q", 0, 1, -2, 0, 0, TTL)).hasMessageStartingWith("StoreOp(q).take: -2");
    assertThatThrownBy(() -> new StoreOp("q", 0, 1, 0, -3, 0, TTL)).hasMessageStartingWith("StoreOp(q).giveBack: -3");
    assertThatThrownBy(() -> new StoreOp("q", 0, 1, 0, 0, -4, TTL)).hasMessageStartingWith("StoreOp(q).consumed: -4");
    assertThatThrownBy(() -> new StoreOp(" ", 0, 1, 0, 0, 0, TTL)).hasMessageStartingWith("StoreOp.quotaKey: ' ' is blank");
    assertThatThrownBy(() -> new StoreOp("q".repeat(1025), 0, 1, 0, 0, 0, TTL))
        .hasMessageContaining(".quotaKey: length 1025 exceeds the maximum 1024");
    assertThatThrownBy(() -> new StoreOp("q", 0, 1, 0, 0, 0, Duration.ofNanos(10)))
        .hasMessage("StoreOp(q).idleTtl: PT0.00000001S is outside [PT0.001S, PT720H]");
  }

  @Test
  void wholeTokenRatesConvertToMicroTokens() {
    assertThat(StoreOp.tokensPerSecond(100)).isEqualTo(100_000_000L);
    assertThatThrownBy(() -> StoreOp.tokensPerSecond(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
  }
}
