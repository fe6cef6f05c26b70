package io.leasehold.model.alloc;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** The result of {@link FairShare#allocate}: one target per child, Σ rate and Σ burst ≤ capacity. */
public record Allocation(RateBurst capacity, SortedMap<String, ChildTarget> targets) {
  public Allocation {
    targets = Collections.unmodifiableSortedMap(new TreeMap<>(targets));
  }

  public ChildTarget target(String child) {
    ChildTarget target = targets.get(child);
    if (target == null) {
      throw new IllegalArgumentException("child: '" + child + "' is not part of this allocation");
    }
    return target;
  }

  /** Σ of the targets' rates and bursts. */
  public RateBurst total() {
    long rate = 0;
    long burst = 0;
    for (ChildTarget t : targets.values()) {
      rate += t.rate();
      burst += t.burst();
    }
    return new RateBurst(rate, burst);
  }
}
