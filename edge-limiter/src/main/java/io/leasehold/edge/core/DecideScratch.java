package io.leasehold.edge.core;

import io.leasehold.model.bucket.Decision;
import io.leasehold.model.rules.MatchSink;
import io.leasehold.model.rules.Rule;
import java.util.Arrays;

/**
 * Per-thread working space of a decision, so that deciding allocates nothing: the matcher writes
 * matches here, entries are gathered and sorted here, keys hashed here.
 */
final class DecideScratch implements MatchSink {
  Rule[] rules = new Rule[8];
  String[] keys = new String[8];
  int count;

  KeyState[] entries = new KeyState[8];
  long[] costs = new long[8];
  boolean[] touched = new boolean[8];
  boolean[] allows = new boolean[8];
  int entryCount;

  /** The fast path's matches: runtime, slot and cost of each (see LeaseTable). */
  RuleRuntime[] leasedRules = new RuleRuntime[8];
  int[] slots = new int[8];
  long[] leasedCosts = new long[8];
  long[] hashLo = new long[8];
  long[] hashHi = new long[8];
  int leasedCount;

  final KeyHash hash = new KeyHash();
  final Decision decision = new Decision();
  final LimitOutcome outcome = new LimitOutcome();

  @Override
  public void accept(Rule rule, String key) {
    if (count == rules.length) {
      rules = Arrays.copyOf(rules, count * 2);
      keys = Arrays.copyOf(keys, count * 2);
    }
    rules[count] = rule;
    keys[count] = key;
    count++;
  }

  /** Adds an entry keeping {@link #entries} sorted by lock order (a handful of elements: insertion sort). */
  void addEntry(KeyState entry, long cost) {
    if (entryCount == entries.length) {
      entries = Arrays.copyOf(entries, entryCount * 2);
      costs = Arrays.copyOf(costs, entryCount * 2);
      touched = Arrays.copyOf(touched, entryCount * 2);
      allows = Arrays.copyOf(allows, entryCount * 2);
    }
    int i = entryCount++;
    while (i > 0 && entries[i - 1].order > entry.order) {
      entries[i] = entries[i - 1];
      costs[i] = costs[i - 1];
      i--;
    }
    entries[i] = entry;
    costs[i] = cost;
  }

  void addLeased(RuleRuntime rule, int slot, long cost, KeyHash hash) {
    if (leasedCount == leasedRules.length) {
      leasedRules = Arrays.copyOf(leasedRules, leasedCount * 2);
      slots = Arrays.copyOf(slots, leasedCount * 2);
      leasedCosts = Arrays.copyOf(leasedCosts, leasedCount * 2);
      hashLo = Arrays.copyOf(hashLo, leasedCount * 2);
      hashHi = Arrays.copyOf(hashHi, leasedCount * 2);
    }
    leasedRules[leasedCount] = rule;
    slots[leasedCount] = slot;
    leasedCosts[leasedCount] = cost;
    hashLo[leasedCount] = hash.lo;
    hashHi[leasedCount] = hash.hi;
    leasedCount++;
  }

  /** Drops references so that evicted entries and old rules can be collected. */
  void clear() {
    Arrays.fill(rules, 0, count, null);
    Arrays.fill(keys, 0, count, null);
    Arrays.fill(entries, 0, entryCount, null);
    count = 0;
    entryCount = 0;
    Arrays.fill(leasedRules, 0, leasedCount, null);
    leasedCount = 0;
  }
}
