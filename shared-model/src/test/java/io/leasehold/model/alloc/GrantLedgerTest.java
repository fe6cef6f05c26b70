package io.leasehold.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GrantLedgerTest {
  private static final long TTL = 3_000_000_000L;
  private static final long MARGIN = 100_000_000L;
  private static final long ROUND = 1_000_000_000L;
  private static final LedgerSettings DEMAND_ONLY =
      new LedgerSettings(TTL, MARGIN, AllocationPolicy.DEMAND_ONLY);

  private long now = 0;

  private static Map<String, ChildDemand> demands(Object... idAndRate) {
    Map<String, ChildDemand> map = new TreeMap<>();
    for (int i = 0; i < idAndRate.length; i += 2) {
      Object value = idAndRate[i + 1];
      map.put(
          (String) idAndRate[i],
          value instanceof ChildDemand d ? d : ChildDemand.of(((Number) value).longValue()));
    }
    return map;
  }

  private static Grant grantFor(List<GrantDecision> decisions, String child) {
    return decisions.stream()
        .filter(d -> d.grant().child().equals(child))
        .findFirst()
        .orElseThrow()
        .grant();
  }

  private List<GrantDecision> round(GrantLedger ledger, Map<String, ChildDemand> demands) {
    now += ROUND;
    return ledger.rebalance(demands, now);
  }

  @Test
  void firstRoundGrantsTargetsWhenNothingIsOutstanding() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 200), DEMAND_ONLY);
    List<GrantDecision> decisions = round(ledger, demands("a", 30, "b", 50));
    assertThat(grantFor(decisions, "a").amount()).isEqualTo(new RateBurst(30, 60));
    assertThat(grantFor(decisions, "b").amount()).isEqualTo(new RateBurst(50, 100));
    assertThat(decisions).noneMatch(GrantDecision::heldBack);
    assertThat(grantFor(decisions, "a").epoch()).isEqualTo(1);
    assertThat(grantFor(decisions, "a").ttlNanos()).isEqualTo(TTL);
    assertThat(ledger.outstandingTotal(now)).isEqualTo(new RateBurst(80, 160));
  }

  @Test
  void shrinkIsIssuedAtOnceButGrowthWaitsForTheAck() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    Grant a1 = grantFor(round(ledger, demands("a", 100)), "a");
    assertThat(a1.rate()).isEqualTo(100);

    List<GrantDecision> second = round(ledger, demands("a", 100, "b", 100));
    Grant a2 = grantFor(second, "a");
    Grant b2 = grantFor(second, "b");
    assertThat(a2.rate()).isEqualTo(50);
    assertThat(b2.rate()).as("a may still be using 100").isZero();
    assertThat(second.get(1).heldBack()).isTrue();
    assertThat(ledger.outstandingTotal(now).rate()).isEqualTo(100);

    // An ack of the old grant releases nothing.
    assertThat(ledger.onAck("a", a1.epoch(), now)).isEqualTo(AckOutcome.ACCEPTED);
    List<GrantDecision> third = round(ledger, demands("a", 100, "b", 100));
    assertThat(grantFor(third, "b").rate()).isZero();

    assertThat(ledger.onAck("a", grantFor(third, "a").epoch(), now)).isEqualTo(AckOutcome.ACCEPTED);
    List<GrantDecision> fourth = round(ledger, demands("a", 100, "b", 100));
    assertThat(grantFor(fourth, "b").rate()).isEqualTo(50);
    assertThat(ledger.outstandingTotal(now).rate()).isEqualTo(100);
  }

  @Test
  void unacknowledgedShrinkIsReusableOnlyAfterTtlPlusMargin() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    long issuedAt = now + ROUND;
    round(ledger, demands("a", 100));
    assertThat(grantFor(round(ledger, demands("a", 100, "b", 100)), "b").rate()).isZero();

    // The first grant (100) was issued at issuedAt; later ones are 50 and keep counting.
    now = issuedAt + TTL + MARGIN - 1;
    assertThat(grantFor(ledger.rebalance(demands("a", 100, "b", 100), now), "b").rate()).isZero();
    now = issuedAt + TTL + MARGIN;
    assertThat(ledger.outstanding("a", now).rate()).isEqualTo(50);
    assertThat(grantFor(ledger.rebalance(demands("a", 100, "b", 100), now), "b").rate()).isEqualTo(50);
  }

  @Test
  void capacityDecreaseShrinksEveryoneAndIsEnforcedAsGrantsDrain() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    List<GrantDecision> first = round(ledger, demands("a", 50, "b", 50));
    ledger.setCapacity(new RateBurst(40, 40));
    List<GrantDecision> second = round(ledger, demands("a", 50, "b", 50));
    assertThat(grantFor(second, "a").rate()).isEqualTo(20);
    assertThat(grantFor(second, "b").rate()).isEqualTo(20);
    assertThat(ledger.outstandingTotal(now).rate()).isEqualTo(100);

    ledger.onAck("a", grantFor(second, "a").epoch(), now);
    assertThat(ledger.outstandingTotal(now).rate()).isEqualTo(70);
    now = first.get(0).grant().issuedAtNanos() + TTL + MARGIN;
    assertThat(ledger.outstandingTotal(now).rate()).isEqualTo(40);
  }

  @Test
  void capacityIncreaseIsUsableImmediately() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    round(ledger, demands("a", 200, "b", 200));
    ledger.setCapacity(new RateBurst(300, 300));
    List<GrantDecision> decisions = round(ledger, demands("a", 200, "b", 200));
    assertThat(grantFor(decisions, "a").rate()).isEqualTo(150);
    assertThat(grantFor(decisions, "b").rate()).isEqualTo(150);
  }

  @Test
  void silentChildKeepsItsFloorAfterItsGrantExpiresAndRemovalReleasesIt() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    round(ledger, demands("a", new ChildDemand(60, 30, 1, 0), "b", 40));
    now += TTL + MARGIN;
    assertThat(ledger.outstanding("a", now)).isEqualTo(new RateBurst(30, 30));

    List<GrantDecision> withoutA = ledger.rebalance(demands("b", 100), now);
    assertThat(grantFor(withoutA, "b").rate()).isEqualTo(70);
    assertThat(withoutA).hasSize(1);

    ledger.removeChild("a");
    assertThat(ledger.outstanding("a", now)).isEqualTo(RateBurst.ZERO);
    ledger.onAck("b", grantFor(withoutA, "b").epoch(), now);
    now += ROUND;
    assertThat(grantFor(ledger.rebalance(demands("b", 100), now), "b").rate()).isEqualTo(100);
    assertThat(ledger.children()).containsExactly("b");
  }

  @Test
  void grantedFloorNeverExceedsTheGrantAndALoweredFloorStaysReservedUntilAcked() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    Grant a1 = grantFor(round(ledger, demands("a", new ChildDemand(0, 50, 1, 0))), "a");
    assertThat(a1.floor()).isEqualTo(new RateBurst(50, 50));
    List<GrantDecision> second = round(ledger, demands("a", new ChildDemand(0, 10, 1, 0), "b", 100));
    assertThat(grantFor(second, "b").rate()).isEqualTo(50);
    now += TTL + MARGIN;
    assertThat(ledger.outstanding("a", now).rate()).as("the child may fall back to 50").isEqualTo(50);
    ledger.onAck("a", grantFor(second, "a").epoch(), now);
    assertThat(ledger.outstanding("a", now).rate()).isEqualTo(10);
  }

  @Test
  void seededHoldingsOfAPreviousLeaderBlockGrowthUntilAckedOrExpired() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    ledger.seedHeld("a", new HeldGrant(new RateBurst(60, 60), new RateBurst(20, 20), 2 * ROUND), now);
    List<GrantDecision> first = round(ledger, demands("a", 10, "b", 100));
    assertThat(grantFor(first, "b").rate()).isEqualTo(40);
    assertThat(grantFor(first, "a").rate()).isEqualTo(10);

    ledger.onAck("a", grantFor(first, "a").epoch(), now);
    assertThat(grantFor(round(ledger, demands("a", 10, "b", 100)), "b").rate()).isEqualTo(90);
  }

  @Test
  void seededGrantExpiresAfterTheReportedTtlPlusMargin() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    ledger.seedHeld("a", new HeldGrant(new RateBurst(60, 60), RateBurst.ZERO, ROUND), now);
    assertThat(ledger.outstanding("a", ROUND + MARGIN - 1).rate()).isEqualTo(60);
    assertThat(ledger.outstanding("a", ROUND + MARGIN).rate()).isZero();
  }

  @Test
  void aLaterSeedDoesNotKeepAnEarlierAmountAliveBeyondItsOwnExpiry() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    ledger.seedHeld("a", new HeldGrant(new RateBurst(60, 60), RateBurst.ZERO, ROUND), now);
    // The next report: the grant has expired, only its floor is left, seeded until now + margin.
    long later = ROUND;
    ledger.seedHeld("a", new HeldGrant(RateBurst.ZERO, new RateBurst(5, 5), 0), later);
    assertThat(ledger.outstanding("a", ROUND + MARGIN)).isEqualTo(new RateBurst(5, 5));
    // A smaller amount seeded later keeps its own, later expiry; the larger one still ends on time.
    ledger.seedHeld("a", new HeldGrant(new RateBurst(30, 30), RateBurst.ZERO, 2 * ROUND), later);
    assertThat(ledger.outstanding("a", ROUND + MARGIN).rate()).isEqualTo(30);
  }

  @Test
  void seededFloorOutlivesTheTtlUntilTheChildAcksANewGrant() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    ledger.seedHeld("a", new HeldGrant(RateBurst.ZERO, new RateBurst(25, 25), 0), now);
    now += 10 * TTL;
    ledger.expire(now);
    assertThat(ledger.outstanding("a", now)).isEqualTo(new RateBurst(25, 25));
    assertThat(grantFor(ledger.rebalance(demands("b", 100), now), "b").rate()).isEqualTo(75);
  }

  @Test
  void unattributedReservationLimitsGrowthUntilItEnds() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    ledger.assumeOutstandingUntil(new RateBurst(100, 100), 2 * ROUND);
    assertThat(grantFor(round(ledger, demands("a", 100)), "a").rate()).isZero();
    assertThat(grantFor(round(ledger, demands("a", 100)), "a").rate()).isEqualTo(100);
  }

  @Test
  void acksAreClassified() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    assertThat(ledger.onAck("a", 1, now)).isEqualTo(AckOutcome.UNKNOWN_CHILD);
    round(ledger, demands("a", 10));
    assertThat(ledger.onAck("a", 2, now)).isEqualTo(AckOutcome.UNKNOWN_EPOCH);
    assertThat(ledger.onAck("a", 0, now)).isEqualTo(AckOutcome.UNKNOWN_EPOCH);
    assertThat(ledger.onAck("a", 1, now)).isEqualTo(AckOutcome.ACCEPTED);
    assertThat(ledger.onAck("a", 1, now)).isEqualTo(AckOutcome.STALE);
    List<GrantDecision> both = round(ledger, demands("a", 10, "b", 10));
    round(ledger, demands("a", 10, "b", 10));
    assertThat(ledger.onAck("a", grantFor(both, "b").epoch(), now))
        .as("another child's epoch")
        .isEqualTo(AckOutcome.UNKNOWN_EPOCH);
  }

  @Test
  void removedChildThatComesBackGetsHigherEpochsThanBefore() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    Grant before = grantFor(round(ledger, demands("a", 10)), "a");
    ledger.removeChild("a");
    now += TTL + MARGIN;
    ledger.expire(now);
    assertThat(ledger.children()).isEmpty();
    assertThat(grantFor(round(ledger, demands("a", 10)), "a").epoch()).isGreaterThan(before.epoch());
  }

  @Test
  void withoutAcksEveryGrantOfTheLastTtlStaysOutstanding() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    for (int i = 0; i < 1_000; i++) {
      round(ledger, demands("a", 10 + (i * 3) % 7));
    }
    // Grants of rounds 996..999 (issued 3, 2, 1, 0 s ago) are live: rates 16, 12, 15, 11.
    assertThat(ledger.outstanding("a", now).rate()).isEqualTo(16);
    assertThat(ledger.outstanding("a", now + 1).rate()).isEqualTo(16);
    assertThat(ledger.outstanding("a", now + MARGIN).rate()).isEqualTo(15);
  }

  @Test
  void timeGoingBackwardsIsRejected() {
    GrantLedger ledger = new GrantLedger(new RateBurst(100, 100), DEMAND_ONLY);
    ledger.rebalance(demands("a", 10), 5);
    assertThatThrownBy(() -> ledger.rebalance(demands("a", 10), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nowNanos: 4 is before 5");
  }
}
