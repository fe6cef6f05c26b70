package io.leasehold.model.alloc.core;

import io.leasehold.model.alloc.Allocation;
import io.leasehold.model.alloc.AllocationPolicy;
import io.leasehold.model.alloc.ChildDemand;
import io.leasehold.model.alloc.ChildTarget;
import io.leasehold.model.alloc.RateBurst;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Implementation of {@link io.leasehold.model.alloc.FairShare}; see there and docs/allocator.md. */
public final class FairShareComputation {
  private FairShareComputation() {}

  public static Allocation allocate(
      RateBurst capacity, Map<String, ChildDemand> children, AllocationPolicy policy) {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(children, "children");
    for (Map.Entry<String, ChildDemand> e : children.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        throw new IllegalArgumentException("children: a child id is null or empty");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("children['" + e.getKey() + "']: demand is null");
      }
    }
    // Validated first, then copied whole: children already in natural order (the region leaser's
    // per-sync call passes a TreeMap) are copied in linear time instead of being sorted again.
    TreeMap<String, ChildDemand> sorted = new TreeMap<>(children);
    int n = sorted.size();
    String[] ids = sorted.keySet().toArray(new String[0]);
    ChildDemand[] demands = sorted.values().toArray(new ChildDemand[0]);
    long capRate = capacity.rate();
    long capBurst = capacity.burst();

    long[] demand = new long[n];
    long[] floorAsked = new long[n];
    long[] weight = new long[n];
    long floorTotal = 0;
    long demandTotal = 0;
    for (int i = 0; i < n; i++) {
      // Nothing above the capacity can be granted, so larger values only risk overflow.
      demand[i] = Math.min(demands[i].demandRate(), capRate);
      floorAsked[i] = Math.min(demands[i].floorRate(), capRate);
      weight[i] = demands[i].weight();
      floorTotal = ExactMath.saturatingAdd(floorTotal, floorAsked[i]);
      demandTotal = ExactMath.saturatingAdd(demandTotal, demand[i]);
    }

    // 1. Floors. When they do not fit, everyone keeps the same fraction of its floor.
    long[] floor =
        floorTotal <= capRate ? floorAsked.clone() : Apportionment.apportion(capRate, floorAsked);
    long[] alloc = floor.clone();
    long remaining = capRate;
    for (long f : floor) {
      remaining -= f;
    }

    // 2. Weighted max-min fair share up to demand, highest band first.
    TreeSet<Integer> bands = new TreeSet<>();
    for (ChildDemand d : demands) {
      bands.add(d.band());
    }
    for (int band : bands.descendingSet()) {
      if (remaining == 0) {
        break;
      }
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (demands[i].band() == band) {
          members.add(i);
        }
      }
      int m = members.size();
      long[] lo = new long[m];
      long[] hi = new long[m];
      long[] w = new long[m];
      for (int k = 0; k < m; k++) {
        int i = members.get(k);
        lo[k] = alloc[i];
        hi[k] = Math.max(alloc[i], demand[i]);
        w[k] = weight[i];
      }
      long[] filled = WaterFilling.fill(remaining, lo, hi, w);
      for (int k = 0; k < m; k++) {
        int i = members.get(k);
        remaining -= filled[k] - alloc[i];
        alloc[i] = filled[k];
      }
    }
    long[] fair = alloc.clone();

    // 3. Headroom: only left when every demand is met.
    if (policy.distributeHeadroom() && remaining > 0 && n > 0) {
      long byDemand =
          demandTotal == 0 ? 0 : ExactMath.mulDivFloor(remaining, policy.headroomByDemandPermille(), 1000);
      long[] demandPart = Apportionment.apportion(byDemand, demand);
      long[] weightPart = Apportionment.apportion(remaining - byDemand, weight);
      for (int i = 0; i < n; i++) {
        alloc[i] += demandPart[i] + weightPart[i];
      }
    }

    // 4. Burst shares follow rate shares, so Σ burst ≤ capacity burst exactly when Σ rate ≤ capacity rate.
    long[] burst;
    long[] floorBurst = new long[n];
    if (capRate > 0) {
      long rateTotal = 0;
      for (long a : alloc) {
        rateTotal += a;
      }
      burst = Apportionment.apportion(ExactMath.mulDivFloor(capBurst, rateTotal, capRate), alloc);
      for (int i = 0; i < n; i++) {
        floorBurst[i] = Math.min(burst[i], ExactMath.mulDivFloor(capBurst, floor[i], capRate));
      }
    } else {
      // A zero-rate limit is a fixed allowance that never refills; split it like headroom.
      burst = policy.distributeHeadroom() ? Apportionment.apportion(capBurst, weight) : new long[n];
    }

    TreeMap<String, ChildTarget> targets = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      targets.put(ids[i], new ChildTarget(alloc[i], burst[i], floor[i], floorBurst[i], fair[i]));
    }
    return new Allocation(capacity, targets);
  }
}
