package io.leasehold.load.core;

import io.leasehold.load.LoadStream;
import io.leasehold.model.rules.MatchedRule;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleMatcher;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.match.MapRequestView;
import io.leasehold.sim.LimitSpec;
import io.leasehold.sim.report.RunSeries;
import io.leasehold.sim.report.TrackedQuotas;
import io.leasehold.sim.scenario.RuleLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Demand and admissions per tracked quota, region and 100 ms slot (by intended send time), shaped
 * as the simulator's {@link RunSeries} so that its accuracy metrics apply unchanged. Which quotas a
 * request counts against is decided by the production rule matcher, as the sidecar decides it.
 * Thread-safe: responses are recorded from the HTTP client's event loops.
 */
public final class QuotaTracker {
  private final RuleSet rules;
  private final List<RuleLimits> ruleLimits;
  private final TrackedQuotas tracked;
  private final List<String> regions;
  private final int slots;
  private final AtomicLongArray demand;
  private final AtomicLongArray admitted;

  public QuotaTracker(RuleSet rules, List<String> regions, int trackedKeys, int slots) {
    this.rules = rules;
    this.ruleLimits = ruleLimits(rules);
    this.tracked = new TrackedQuotas(ruleLimits, trackedKeys);
    this.regions = List.copyOf(regions);
    this.slots = slots;
    this.demand = new AtomicLongArray(tracked.size() * regions.size() * slots);
    this.admitted = new AtomicLongArray(tracked.size() * regions.size() * slots);
  }

  /** Each rule's id, whether it has a quota per key, and its limits as rates per second. */
  public static List<RuleLimits> ruleLimits(RuleSet rules) {
    List<RuleLimits> out = new ArrayList<>();
    for (Rule rule : rules.rules()) {
      out.add(new RuleLimits(rule.id(), !rule.key().isConstant(), rule.limits().stream()
          .map(l -> new LimitSpec(l.rate().tokens() * 1e9 / l.rate().periodNanos(), l.burst())).toList()));
    }
    return out;
  }

  /** Indices of the rules a stream's requests match (the key value does not change the match). */
  public int[] matchedRules(LoadStream stream) {
    Map<String, String> headers = stream.keyHeader()
        .map(h -> Map.of(h.toLowerCase(Locale.ROOT), LoadStream.keyValue(0))).orElse(Map.of());
    List<MatchedRule> matched = RuleMatcher.of(rules)
        .match(new MapRequestView(stream.method(), stream.path(), headers, "127.0.0.1"));
    return matched.stream().mapToInt(m -> indexOf(m.rule().id())).filter(i -> i >= 0).toArray();
  }

  private int indexOf(String ruleId) {
    for (int i = 0; i < ruleLimits.size(); i++) {
      if (ruleLimits.get(i).id().equals(ruleId)) {
        return i;
      }
    }
    return -1;
  }

  /** Records one request of {@code key} against every tracked quota among {@code matchedRules}. */
  public void record(int region, long offsetNanos, int[] matchedRules, long key, boolean wasAdmitted) {
    int slot = (int) (offsetNanos / RunSeries.SLOT_NANOS);
    if (slot < 0 || slot >= slots) {
      return;
    }
    for (int rule : matchedRules) {
      int t = tracked.index(rule, ruleLimits.get(rule).keyed() ? key : 0);
      if (t < 0) {
        continue;
      }
      int cell = (t * regions.size() + region) * slots + slot;
      demand.incrementAndGet(cell);
      if (wasAdmitted) {
        admitted.incrementAndGet(cell);
      }
    }
  }

  public TrackedQuotas tracked() {
    return tracked;
  }

  public List<RuleLimits> rules() {
    return ruleLimits;
  }

  public List<String> regions() {
    return regions;
  }

  public int slots() {
    return slots;
  }

  /** Admitted tokens of a tracked quota per slot in one region. */
  public long[] admittedPerSlot(int trackedIndex, int region) {
    long[] out = new long[slots];
    for (int s = 0; s < slots; s++) {
      out[s] = admitted.get((trackedIndex * regions.size() + region) * slots + s);
    }
    return out;
  }

  /** Admitted tokens of a tracked quota per slot, summed over regions. */
  public long[] admittedPerSlot(int trackedIndex) {
    long[] out = new long[slots];
    for (int r = 0; r < regions.size(); r++) {
      for (int s = 0; s < slots; s++) {
        out[s] += admitted.get((trackedIndex * regions.size() + r) * slots + s);
      }
    }
    return out;
  }

  public long[][][] demandSeries() {
    return series(demand);
  }

  public long[][][] admittedSeries() {
    return series(admitted);
  }

  private long[][][] series(AtomicLongArray cells) {
    long[][][] out = new long[tracked.size()][regions.size()][slots];
    for (int t = 0; t < tracked.size(); t++) {
      for (int r = 0; r < regions.size(); r++) {
        for (int s = 0; s < slots; s++) {
          out[t][r][s] = cells.get((t * regions.size() + r) * slots + s);
        }
      }
    }
    return out;
  }
}
