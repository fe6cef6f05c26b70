package io.leasehold.sim.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.sim.LimitSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExactTokenBucketTest {
  private static final long MS = 1_000_000L;

  @Test
  void spendsTheBurstThenRefillsAtTheRate() {
    ExactTokenBucket bucket = new ExactTokenBucket(List.of(new LimitSpec(1_000, 10)), 0);
    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      admitted += bucket.tryAcquire(0, 1) ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(10);
    assertThat(bucket.tryAcquire(MS / 2, 1)).isFalse(); // 0.5 token
    assertThat(bucket.tryAcquire(MS, 1)).isTrue(); // 1 token after 1 ms at 1000/s
    assertThat(bucket.available(1_000 * MS)).isEqualTo(10.0); // capped at burst
  }

  @Test
  void severalLimitsAreAndedAndTakeAllOrNothing() {
    ExactTokenBucket bucket = new ExactTokenBucket(
        List.of(new LimitSpec(1_000, 100), new LimitSpec(1, 5)), 0);
    int admitted = 0;
    for (int i = 0; i < 50; i++) {
      admitted += bucket.tryAcquire(0, 1) ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(5);
    assertThat(bucket.available(0)).isEqualTo(95.0);
    assertThat(bucket.tryAcquire(0, 200)).isFalse();
  }

  @Test
  void reconfigureKeepsTokensCappedAtTheNewBurst() {
    ExactTokenBucket bucket = new ExactTokenBucket(List.of(new LimitSpec(100, 100)), 0);
    bucket.reconfigure(List.of(new LimitSpec(10, 20)), 0);
    assertThat(bucket.available(0)).isEqualTo(20.0);
    bucket.reconfigure(List.of(new LimitSpec(1_000, 1_000)), 0);
    assertThat(bucket.available(0)).isEqualTo(20.0); // an increase mints no tokens
    assertThat(bucket.available(10 * MS)).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
