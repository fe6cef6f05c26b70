package io.leasehold.sim.scenario;

import io.leasehold.sim.LimitSpec;
import java.util.List;

/**
 * What the reference systems need to know of one rule: its id, whether it has one quota per key
 * (or one aggregate quota: {@code key: constant}) and its limits, AND-ed. The full rule stays in
 * {@link Scenario#rules()} for the production cores to parse.
 */
public record RuleLimits(String id, boolean keyed, List<LimitSpec> limits) {
  public RuleLimits {
    limits = List.copyOf(limits);
  }

  /** The first limit: the one accuracy is measured against in 1 s windows. */
  public LimitSpec primary() {
    return limits.get(0);
  }
}
