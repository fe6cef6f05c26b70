package io.leasehold.edge.core;

import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.Scope;
import io.leasehold.model.rules.UnseenKeyPolicy;
import java.util.List;
import java.util.random.RandomGenerator;

/** A rule prepared for the lease table: its limits as specs and the behaviour flags the core reads per request. */
final class RuleRuntime {
  final Rule rule;
  final String id;
  /** Enforced locally at its full limits: scope edge, or a standalone edge. */
  final boolean local;
  final boolean constantKey;
  final boolean shadow;
  final boolean waitsForLease;
  /** How long an unseen key of a {@code unseen_key: wait} rule waits for its first lease. */
  final long waitDeadlineNanos;
  /** {@code thin_share: hold}: a request for a thin share's used-up key is held for the next sync's answer. */
  final boolean holdsThinShare;
  /** How long such a request is held at most. */
  final long holdDeadlineNanos;
  /**
   * The most starter tokens the aggregator lets this edge give an unseen key of this rule
   * ({@link io.leasehold.model.message.StarterCap}); 0 makes unseen keys wait for their first lease.
   */
  volatile long starterCap = Long.MAX_VALUE;
  final LimitSpec[] limits;
  /** Secret seeds of this runtime's {@link KeyHash}: its entries' identities in the lease table. */
  final long seedLo;
  final long seedHi;

  RuleRuntime(Rule rule, boolean standalone, RandomGenerator hashSeeds) {
    this.rule = rule;
    this.id = rule.id();
    this.seedLo = hashSeeds.nextLong();
    this.seedHi = hashSeeds.nextLong();
    this.local = standalone || rule.scope() == Scope.EDGE;
    this.constantKey = rule.key().isConstant();
    this.shadow = rule.shadow();
    UnseenKeyPolicy unseen = rule.unseenKey();
    this.waitsForLease = unseen.mode() == UnseenKeyPolicy.Mode.WAIT;
    this.waitDeadlineNanos = unseen.waitDeadline().toNanos();
    this.holdsThinShare = !local && rule.thinShare().holds();
    this.holdDeadlineNanos = rule.thinShare().holdDeadline().toNanos();
    List<io.leasehold.model.rules.Limit> configured = rule.limits();
    this.limits = new LimitSpec[configured.size()];
    for (int i = 0; i < limits.length; i++) {
      limits[i] = new LimitSpec(i, id, configured.get(i), waitsForLease ? 0 : unseen.starterAllowance());
    }
  }

  /** Starter tokens an unseen key of {@code spec} gets now: configured, capped by the aggregator; 0 means wait. */
  long starterAllowance(LimitSpec spec) {
    return waitsForLease ? 0 : Math.min(spec.starterAllowance, starterCap);
  }
}
