package io.leasehold.sim.report;

import io.leasehold.sim.scenario.RuleLimits;
import java.util.List;

/**
 * The quotas whose per-region time series are kept: every constant-key rule's single quota and the
 * {@code keysPerRule} lowest key indices of each per-key rule (Zipf rank 0 is key 0, so these are
 * the hottest keys). Keeping series for all of a million keys would cost gigabytes and say nothing:
 * cold keys never reach their limits. Per-request error rates still cover every key.
 */
public final class TrackedQuotas {
  private final int[] base;
  private final int[] count;
  private final int[] ruleOf;
  private final long[] keyOf;
  private final List<RuleLimits> rules;

  public TrackedQuotas(List<RuleLimits> rules, int keysPerRule) {
    this.rules = List.copyOf(rules);
    base = new int[rules.size()];
    count = new int[rules.size()];
    int total = 0;
    for (int r = 0; r < rules.size(); r++) {
      base[r] = total;
      count[r] = rules.get(r).keyed() ? keysPerRule : 1;
      total += count[r];
    }
    ruleOf = new int[total];
    keyOf = new long[total];
    for (int r = 0; r < rules.size(); r++) {
      for (int k = 0; k < count[r]; k++) {
        ruleOf[base[r] + k] = r;
        keyOf[base[r] + k] = k;
      }
    }
  }

  public int size() {
    return ruleOf.length;
  }

  /** Tracked index of a quota, or -1 when its series are not kept. */
  public int index(int rule, long key) {
    return key < count[rule] ? base[rule] + (int) key : -1;
  }

  public int rule(int tracked) {
    return ruleOf[tracked];
  }

  public long key(int tracked) {
    return keyOf[tracked];
  }

  /** Readable quota name, e.g. {@code api-per-key/key 0} or {@code search-global}. */
  public String label(int tracked) {
    RuleLimits rule = rules.get(ruleOf[tracked]);
    return rule.keyed() ? rule.id() + "/key " + keyOf[tracked] : rule.id();
  }
}
