package io.leasehold.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariant 2 under message loss, reordering, silence, expiry and capacity changes, checked from
 * the children's side: a model child keeps the highest-epoch grant it received, uses it until TTL
 * after it sent the request (on a clock that may run slow by the whole safety margin), then falls
 * back to that grant's floor.
 */
class GrantLedgerProperties {
  private static final int MAX_CHILDREN = 8;
  private static final long TTL = 1_000;
  private static final long MARGIN = 20;
  /** Rounds with every message delivered after which grants must equal the fair-share targets. */
  private static final int SETTLE_ROUNDS = 3;

  enum Fate { DELIVER, LOSE, DELAY }

  sealed interface Step permits Round, Advance, DeliverLate, ChangeCapacity {}

  /** Every child in {@code reporting} sends a report (with its ack) and receives a grant. */
  record Round(List<Boolean> reporting, List<Long> newDemand, List<Fate> grantFate, List<Boolean> ackLost, long delay)
      implements Step {}

  record Advance(long nanos) implements Step {}

  record DeliverLate(int pick) implements Step {}

  record ChangeCapacity(RateBurst capacity) implements Step {}

  record Scenario(
      RateBurst capacity, List<ChildDemand> children, boolean headroom, List<Step> steps) {}

  static final class ModelChild {
    Grant latest;
    long latestSentAt;

    void receive(Grant grant, long sentAt) {
      if (latest == null || grant.epoch() > latest.epoch()) {
        latest = grant;
        latestSentAt = sentAt;
      }
    }

    RateBurst holding(long now) {
      if (latest == null) {
        return RateBurst.ZERO;
      }
      return now < latestSentAt + TTL + MARGIN ? latest.amount() : latest.floor();
    }
  }

  record InFlight(Grant grant, long sentAt) {}

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 400)
  void outstandingNeverExceedsCapacityAndSettlesToTheFairShare(@ForAll("scenarios") Scenario s) {
    new Run(s).play();
  }

  private static final class Run {
    final Scenario scenario;
    final int n;
    final String[] ids;
    final ModelChild[] children;
    final long[] demand;
    final GrantLedger ledger;
    final AllocationPolicy policy;
    final List<InFlight> late = new ArrayList<>();
    RateBurst capacity;
    boolean capacityEverDecreased;
    long now = 0;

    Run(Scenario s) {
      scenario = s;
      n = s.children().size();
      ids = new String[n];
      children = new ModelChild[n];
      demand = new long[n];
      for (int i = 0; i < n; i++) {
        ids[i] = "child-" + i;
        children[i] = new ModelChild();
        demand[i] = s.children().get(i).demandRate();
      }
      policy = s.headroom() ? AllocationPolicy.DEFAULT : AllocationPolicy.DEMAND_ONLY;
      capacity = s.capacity();
      ledger = new GrantLedger(capacity, new LedgerSettings(TTL, MARGIN, policy));
    }

    void play() {
      for (Step step : scenario.steps()) {
        if (step instanceof Round r) {
          round(r);
        } else if (step instanceof Advance a) {
          now += a.nanos();
          check();
        } else if (step instanceof DeliverLate d && !late.isEmpty()) {
          InFlight f = late.remove(d.pick() % late.size());
          deliver(f.grant(), f.sentAt());
        } else if (step instanceof ChangeCapacity c) {
          capacityEverDecreased |= !capacity.fitsWithin(c.capacity());
          capacity = c.capacity();
          ledger.setCapacity(capacity);
          check();
        }
      }
      settle();
    }

    void round(Round r) {
      long sentAt = now;
      Map<String, ChildDemand> reports = new TreeMap<>();
      List<Long> acks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (r.newDemand().get(i) >= 0) {
          demand[i] = r.newDemand().get(i);
        }
        boolean reports_ = r.reporting().get(i);
        acks.add(reports_ && !r.ackLost().get(i) && children[i].latest != null ? children[i].latest.epoch() : -1L);
        if (reports_) {
          reports.put(ids[i], scenario.children().get(i).withDemandRate(demand[i]));
        }
      }
      now += r.delay();
      for (int i = 0; i < n; i++) {
        if (acks.get(i) > 0) {
          assertThat(ledger.onAck(ids[i], acks.get(i), now)).isIn(AckOutcome.ACCEPTED, AckOutcome.STALE);
        }
      }
      check();
      RateBurst before = ledger.outstandingTotal(now);
      List<GrantDecision> decisions = ledger.rebalance(reports, now);
      RateBurst after = ledger.outstandingTotal(now);
      assertThat(after.rate()).as("rebalance grew outstanding rate beyond capacity")
          .isLessThanOrEqualTo(Math.max(capacity.rate(), before.rate()));
      assertThat(after.burst()).as("rebalance grew outstanding burst beyond capacity")
          .isLessThanOrEqualTo(Math.max(capacity.burst(), before.burst()));
      assertThat(decisions).extracting(d -> d.grant().child()).containsExactlyElementsOf(reports.keySet());
      for (GrantDecision d : decisions) {
        Grant g = d.grant();
        assertThat(g.floorRate()).isLessThanOrEqualTo(g.rate());
        assertThat(g.floorBurst()).isLessThanOrEqualTo(g.burst());
        int i = indexOf(g.child());
        switch (r.grantFate().get(i)) {
          case DELIVER -> deliver(g, sentAt);
          case DELAY -> late.add(new InFlight(g, sentAt));
          case LOSE -> { }
        }
      }
      check();
    }

    void deliver(Grant grant, long sentAt) {
      children[indexOf(grant.child())].receive(grant, sentAt);
      check();
    }

    /** Invariant 2, from the children's side and from the ledger's. */
    void check() {
      long heldRate = 0;
      long heldBurst = 0;
      for (int i = 0; i < n; i++) {
        RateBurst held = children[i].holding(now);
        heldRate += held.rate();
        heldBurst += held.burst();
        assertThat(held.fitsWithin(ledger.outstanding(ids[i], now)))
            .as("%s holds %s but the ledger counts %s", ids[i], held, ledger.outstanding(ids[i], now))
            .isTrue();
      }
      if (!capacityEverDecreased) {
        assertThat(heldRate).as("Σ rate held by children").isLessThanOrEqualTo(capacity.rate());
        assertThat(heldBurst).as("Σ burst held by children").isLessThanOrEqualTo(capacity.burst());
        assertThat(ledger.outstandingTotal(now).fitsWithin(capacity)).isTrue();
      }
    }

    /** Constant demand, every message delivered: grants converge to the water-filling targets. */
    void settle() {
      for (InFlight f : List.copyOf(late)) {
        deliver(f.grant(), f.sentAt());
      }
      late.clear();
      List<Boolean> all = new ArrayList<>();
      List<Long> unchanged = new ArrayList<>();
      List<Fate> delivered = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(true);
        unchanged.add(-1L);
        delivered.add(Fate.DELIVER);
      }
      for (int k = 0; k < SETTLE_ROUNDS; k++) {
        now += TTL / 4;
        round(new Round(all, unchanged, delivered, all.stream().map(b -> false).toList(), TTL / 10));
      }
      Map<String, ChildDemand> demands = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        demands.put(ids[i], scenario.children().get(i).withDemandRate(demand[i]));
      }
      Allocation expected = FairShare.allocate(capacity, demands, policy);
      long floorsAsked = 0;
      for (ChildDemand d : scenario.children()) {
        floorsAsked += d.floorRate();
      }
      for (int i = 0; i < n; i++) {
        ChildTarget target = expected.target(ids[i]);
        Grant held = children[i].latest;
        assertThat(held.amount()).as("%s after settling", ids[i]).isEqualTo(target.amount());
        assertThat(held.floor()).as("%s floor after settling", ids[i]).isEqualTo(target.floor());
        if (floorsAsked <= capacity.rate()) {
          assertThat(children[i].holding(now + TTL).rate())
              .as("%s falls back to its floor", ids[i])
              .isEqualTo(scenario.children().get(i).floorRate());
        }
      }
    }

    int indexOf(String id) {
      return Integer.parseInt(id.substring("child-".length()));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Long> amount = Arbitraries.longs().between(0, 5_000);
    Arbitrary<RateBurst> capacity = Combinators.combine(amount, amount).as(RateBurst::new);
    Arbitrary<ChildDemand> child =
        Combinators.combine(
                amount,
                Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 1_500)),
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(0, 2))
            .as(ChildDemand::new);
    Arbitrary<List<Boolean>> mostlyTrue =
        Arbitraries.integers().between(0, 9).map(x -> x < 8).list().ofSize(MAX_CHILDREN);
    Arbitrary<List<Boolean>> mostlyFalse =
        Arbitraries.integers().between(0, 9).map(x -> x < 3).list().ofSize(MAX_CHILDREN);
    Arbitrary<List<Long>> demandChanges =
        Arbitraries.oneOf(Arbitraries.just(-1L), Arbitraries.just(-1L), amount).list().ofSize(MAX_CHILDREN);
    Arbitrary<List<Fate>> fates =
        Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Fate.DELIVER)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Fate.LOSE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Fate.DELAY)))
            .list()
            .ofSize(MAX_CHILDREN);
    Arbitrary<Step> round =
        Combinators.combine(mostlyTrue, demandChanges, fates, mostlyFalse, Arbitraries.longs().between(0, TTL / 3))
            .as(Round::new);
    Arbitrary<Step> advance =
        Arbitraries.oneOf(Arbitraries.longs().between(0, TTL / 2), Arbitraries.longs().between(TTL, 3 * TTL))
            .map(Advance::new);
    Arbitrary<Step> deliverLate = Arbitraries.integers().between(0, 100).map(DeliverLate::new);
    Arbitrary<Step> changeCapacity = capacity.map(ChangeCapacity::new);
    Arbitrary<List<Step>> steps =
        Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, round),
                net.jqwik.api.Tuple.of(3, advance),
                net.jqwik.api.Tuple.of(3, deliverLate),
                net.jqwik.api.Tuple.of(1, changeCapacity))
            .list()
            .ofMinSize(1)
            .ofMaxSize(60);
    return Combinators.combine(capacity, child.list().ofMinSize(1).ofMaxSize(MAX_CHILDREN), Arbitraries.of(true, false), steps)
        .as(Scenario::new);
  }
}
