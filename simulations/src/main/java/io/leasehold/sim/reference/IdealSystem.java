package io.leasehold.sim.reference;

import io.leasehold.sim.Decision;
import io.leasehold.sim.FaultEvent;
import io.leasehold.sim.SimContext;
import io.leasehold.sim.SimRequest;
import io.leasehold.sim.SimulatedSystem;
import io.leasehold.sim.SystemStats;
import io.leasehold.sim.scenario.Fault;
import java.util.function.UnaryOperator;

/**
 * The ideal reference: one perfect global token bucket per quota that sees every request, from
 * every region, the instant it arrives. Rule changes apply instantly; other faults cannot touch it.
 * Every other system's errors are measured against its decisions.
 */
public final class IdealSystem implements SimulatedSystem {
  public static final String NAME = "ideal";

  private SimContext context;
  private QuotaLimiters limiters;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(SimContext context) {
    this.context = context;
    this.limiters = new QuotaLimiters(context.limiters(), context.scenario().ruleLimits(), UnaryOperator.identity());
  }

  @Override
  public Decision decide(SimRequest r) {
    return limiters.tryAcquire(r.rule(), r.key(), r.arrivalNanos(), r.cost()) ? Decision.ADMIT : Decision.REJECT;
  }

  @Override
  public void onFault(FaultEvent event) {
    if (event.fault() instanceof Fault.RuleChange change && event.phase() == FaultEvent.Phase.BEGIN) {
      limiters.reconfigure(change.ruleLimits(), context.now());
    }
  }

  @Override
  public SystemStats stats() {
    return SystemStats.NONE;
  }
}
