package io.leasehold.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Semantics every {@link QuotaStore} shares; subclassed once per implementation so that the
 * in-memory store (tests, simulator) provably behaves like the Redis store.
 *
 * <p>Tests that let time pass give the Redis store some slack, since its bucket runs on Redis
 * server time and real calls take real time; the in-memory store runs on a manual clock and must
 * meet the exact figure.
 */
public abstract class QuotaStoreContract {
  protected static final Duration TTL = Duration.ofMinutes(5);

  /** The store under test; the same instance for the whole test. */
  protected abstract QuotaStore store();

  /** Lets {@code d} pass on the store's clock. */
  protected abstract void elapse(Duration d);

  /** How much longer than asked the store's clock may have moved between two calls. */
  protected abstract Duration timingSlack();

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  protected String key(String name) {
    return "contract:" + run + ":" + name;
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store call failed: " + e, e);
    }
  }

  private StoreResult one(StoreOp op) {
    List<StoreResult> results = await(store().takeAndReturn(List.of(op)));
    assertThat(results).hasSize(1);
    assertThat(results.get(0).quotaKey()).isEqualTo(op.quotaKey());
    return results.get(0);
  }

  private static StoreOp op(String key, long ratePerSecond, long burst, long take, long giveBack, long consumed) {
    return new StoreOp(key, StoreOp.tokensPerSecond(ratePerSecond), burst, take, giveBack, consumed, TTL);
  }

  @Test
  void anEmptyCallAnswersNothing() {
    assertThat(await(store().takeAndReturn(List.of()))).isEmpty();
  }

  @Test
  void aNewBucketStartsFullAndNeverGrantsMoreThanItHolds() {
    String k = key("full");
    StoreResult first = one(op(k, 0, 10, 15, 0, 0));
    assertThat(first.granted()).isEqualTo(10);
    assertThat(first.remaining()).isZero();
    StoreResult second = one(op(k, 0, 10, 1, 0, 0));
    assertThat(second.granted()).isZero();
    assertThat(second.grantedTotal()).isEqualTo(10);
  }

  @Test
  void aGrantIsAtMostWhatWasWanted() {
    StoreResult r = one(op(key("partial"), 0, 10, 3, 0, 0));
    assertThat(r.granted()).isEqualTo(3);
    assertThat(r.remaining()).isEqualTo(7);
  }

  @Test
  void returnedTokensAreCreditedButNeverBeyondBurst() {
    String k = key("returns");
    assertThat(one(op(k, 0, 10, 8, 0, 0)).remaining()).isEqualTo(2);
    assertThat(one(op(k, 0, 10, 0, 5, 0)).remaining()).isEqualTo(7);
    StoreResult capped = one(op(k, 0, 10, 0, 100, 0));
    assertThat(capped.remaining()).isEqualTo(10);
    assertThat(capped.returnedTotal()).isEqualTo(105);
    assertThat(one(op(k, 0, 10, 20, 0, 0)).granted()).isEqualTo(10);
  }

  @Test
  void returnsAreCreditedBeforeTheTakeOfTheSameOp() {
    String k = key("return-then-take");
    one(op(k, 0, 10, 10, 0, 0));
    StoreResult r = one(op(k, 0, 10, 4, 3, 0));
    assertThat(r.granted()).isEqualTo(3);
    assertThat(r.remaining()).isZero();
  }

  @Test
  void usageAndGrantCountersAccumulate() {
    String k = key("counters");
    one(op(k, 0, 100, 10, 0, 7));
    StoreResult r = one(op(k, 0, 100, 5, 2, 5));
    assertThat(r.grantedTotal()).isEqualTo(15);
    assertThat(r.returnedTotal()).isEqualTo(2);
    assertThat(r.consumedTotal()).isEqualTo(12);
  }

  @Test
  void opsOfOneCallApplyInOrderAndKeysStayIndependent() {
    String a = key("order-a");
    String b = key("order-b");
    List<StoreResult> results = await(store().takeAndReturn(List.of(
        op(a, 0, 10, 6, 0, 0), op(b, 0, 3, 2, 0, 0), op(a, 0, 10, 6, 0, 0), op(b, 0, 3, 2, 0, 0))));
    assertThat(results).extracting(StoreResult::quotaKey).containsExactly(a, b, a, b);
    assertThat(results).extracting(StoreResult::granted).containsExactly(6L, 2L, 4L, 1L);
    assertThat(results).extracting(StoreResult::remaining).containsExactly(4L, 1L, 0L, 0L);
  }

  @Test
  void aZeroRateBucketNeverRefills() {
    String k = key("no-refill");
    one(op(k, 0, 5, 5, 0, 0));
    elapse(Duration.ofMillis(50));
    assertThat(one(op(k, 0, 5, 5, 0, 0)).granted()).isZero();
  }

  @Test
  void theBucketRefillsAtItsRate() {
    String k = key("refill");
    long rate = 200; // tokens/s
    one(op(k, rate, 1_000, 1_000, 0, 0));
    Duration pause = Duration.ofMillis(250);
    elapse(pause);
    long granted = one(op(k, rate, 1_000, 1_000, 0, 0)).granted();
    long atLeast = rate * pause.toMillis() / 1000;
    long atMost = rate * (pause.plus(timingSlack()).toMillis()) / 1000;
    assertThat(granted).isBetween(atLeast - 1, atMost);
  }

  @Test
  void refillStopsAtBurst() {
    String k = key("refill-cap");
    one(op(k, 10_000, 5, 5, 0, 0));
    elapse(Duration.ofMillis(50));
    assertThat(one(op(k, 10_000, 5, 100, 0, 0)).granted()).isEqualTo(5);
  }

  @Test
  void aSmallerBurstClampsTheLevel() {
    String k = key("shrink");
    assertThat(one(op(k, 0, 10, 0, 0, 0)).remaining()).isEqualTo(10);
    assertThat(one(op(k, 0, 4, 0, 0, 0)).remaining()).isEqualTo(4);
    assertThat(one(op(k, 0, 10, 10, 0, 0)).granted()).isEqualTo(4);
  }

  @Test
  void peekShowsTheStoredStateWithoutChangingIt() {
    String k = key("peek");
    assertThat(await(store().peek(k))).isEmpty();
    one(op(k, 0, 10, 4, 1, 3));
    Optional<BucketSnapshot> snapshot = await(store().peek(k));
    assertThat(snapshot).hasValueSatisfying(s -> {
      assertThat(s.quotaKey()).isEqualTo(k);
      assertThat(s.levelMilliTokens()).isEqualTo(6_000);
      assertThat(s.tokens()).isEqualTo(6);
      assertThat(s.grantedTotal()).isEqualTo(4);
      assertThat(s.returnedTotal()).isEqualTo(1);
      assertThat(s.consumedTotal()).isEqualTo(3);
      assertThat(s.ttlMillis()).isBetween(1L, TTL.toMillis());
    });
    assertThat(await(store().peek(k))).map(BucketSnapshot::grantedTotal).contains(4L);
  }

  @Test
  void idleStateExpiresAndTheQuotaStartsFullAgain() {
    String k = key("idle");
    Duration ttl = Duration.ofMillis(200);
    await(store().takeAndReturn(List.of(new StoreOp(k, 0, 10, 10, 0, 1, ttl))));
    elapse(Duration.ofMillis(350));
    assertThat(await(store().peek(k))).isEmpty();
    StoreResult fresh = one(new StoreOp(k, 0, 10, 3, 0, 0, ttl));
    assertThat(fresh.granted()).isEqualTo(3);
    assertThat(fresh.grantedTotal()).isEqualTo(3);
    assertThat(fresh.consumedTotal()).isZero();
  }

  @Test
  void everyTouchReArmsTheIdleTtl() {
    String k = key("rearm");
    Duration ttl = Duration.ofMillis(600);
    StoreOp touch = new StoreOp(k, 0, 10, 1, 0, 0, ttl);
    one(touch);
    elapse(Duration.ofMillis(400));
    one(touch);
    elapse(Duration.ofMillis(400));
    assertThat(await(store().peek(k))).map(BucketSnapshot::grantedTotal).contains(2L);
  }

  @Test
  void manyQuotasInOneCall() {
    List<StoreOp> ops = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ops.add(op(key("many-" + i), 0, i, 5, 0, 0));
    }
    List<StoreResult> results = await(store().takeAndReturn(ops));
    for (int i = 0; i < 200; i++) {
      assertThat(results.get(i).granted()).isEqualTo(Math.min(i, 5));
      assertThat(results.get(i).remaining()).isEqualTo(i - Math.min(i, 5));
    }
  }
}
