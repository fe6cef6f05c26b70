package io.leasehold.model.alloc.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted max-min fair share with lower bounds ("water-filling"), in exact integer arithmetic.
 *
 * <p>Each participant {@code i} has a lower bound {@code lo[i]} (what it already holds: its floor),
 * an upper bound {@code hi[i]} (its demand, never below {@code lo[i]}) and a weight. The water level
 * λ rises and every participant holds {@code clamp(λ·w[i], lo[i], hi[i])}, until the extra
 * capacity handed out ({@code Σ (alloc − lo)}) equals the budget or everyone is satisfied. So a
 * participant above its floor is never above the level of an unsatisfied one, which is the
 * weighted max-min fairness condition; a floor counts towards a participant's share rather than
 * being added on top of it.
 *
 * <p>λ is found exactly by sweeping the breakpoints {@code lo/w} (participant starts rising) and
 * {@code hi/w} (participant saturates) in order, comparing rationals by cross-multiplication. At λ =
 * P/Q, the rising participants get {@code floor(P·w/Q)}; the units lost to rounding (fewer than
 * the number of rising participants) go to the largest remainders, so the budget is used exactly.
 */
public final class WaterFilling {
  private static final int MAX_SETTLING_PASSES = 4;

  private WaterFilling() {}

  /**
   * Returns the allocation; {@code lo[i] ≤ result[i] ≤ hi[i]} and
   * {@code Σ(result − lo) = min(budget, Σ(hi − lo))}. Weights are ≥ 1; all amounts ≥ 0.
   */
  public static long[] fill(long budget, long[] lo, long[] hi, long[] weight) {
    int n = lo.length;
    long[] alloc = lo.clone();
    long wantedTotal = 0;
    for (int i = 0; i < n; i++) {
      wantedTotal = ExactMath.saturatingAdd(wantedTotal, hi[i] - lo[i]);
    }
    if (wantedTotal <= budget) {
      return hi.clone();
    }
    if (budget == 0) {
      return alloc;
    }
    List<Breakpoint> events = new ArrayList<>(2 * n);
    for (int i = 0; i < n; i++) {
      if (hi[i] > lo[i]) {
        events.add(new Breakpoint(i, lo[i], weight[i], true));
        events.add(new Breakpoint(i, hi[i], weight[i], false));
      }
    }
    events.sort((x, y) -> {
      int byLevel = ExactMath.compareProducts(x.amount, y.weight, y.amount, x.weight);
      return byLevel != 0 ? byLevel : Integer.compare(x.index, y.index);
    });
    boolean[] rising = new boolean[n];
    boolean[] saturated = new boolean[n];
    long saturatedExtra = 0; // Σ (hi − lo) over saturated participants
    long risingWeight = 0;
    long risingLo = 0;
    long levelNumerator = -1;
    for (Breakpoint event : events) {
      // On the interval ending at this breakpoint, extra(λ) = saturatedExtra + λ·risingWeight − risingLo.
      long numerator = budget - saturatedExtra + risingLo;
      if (risingWeight > 0
          && ExactMath.compareProducts(event.amount, risingWeight, numerator, event.weight) >= 0) {
        levelNumerator = numerator;
        break;
      }
      if (event.enter) {
        rising[event.index] = true;
        risingWeight += event.weight;
        risingLo += lo[event.index];
      } else {
        rising[event.index] = false;
        saturated[event.index] = true;
        risingWeight -= event.weight;
        risingLo -= lo[event.index];
        saturatedExtra += hi[event.index] - lo[event.index];
      }
    }
    if (levelNumerator < 0) {
      throw new IllegalStateException("water level not found although demand exceeds the budget");
    }
    long[] remainders = new long[n];
    long used = saturatedExtra;
    for (int i = 0; i < n; i++) {
      if (saturated[i]) {
        alloc[i] = hi[i];
      } else if (rising[i]) {
        alloc[i] = ExactMath.mulDivFloor(levelNumerator, weight[i], risingWeight);
        remainders[i] = ExactMath.mulMod(levelNumerator, weight[i], risingWeight);
        used += alloc[i] - lo[i];
      }
    }
    Apportionment.distributeLeftover(budget - used, alloc, remainders);
    return alloc;
  }

  /**
   * {@link #fill} for equal weights and no lower bounds, with the same result (the units lost to
   * rounding go to the lowest indices among the participants still rising), without rational
   * breakpoints: the region leaser splits every contended quota this way many times a second.
   *
   * <p>The level is found by settling, pass after pass, every participant that wants less than the
   * level of those still rising: settling one only raises that level, so a participant settled once
   * stays settled, and a pass that settles nobody has found the level. One or two passes usually
   * do; when demands keep settling one at a time, a sort takes over.
   */
  public static long[] fillEqual(long budget, long[] hi) {
    return fillEqualInPlace(budget, hi.clone());
  }

  /**
   * {@link #fillEqual} that overwrites {@code amounts}, the demands on the way in, with the
   * allocation, and returns it: for a caller that splits a capacity many times a second into an
   * array it keeps. While the level is sought, a participant still rising is held as
   * {@code -(demand + 1)} (amounts are never negative), so no second array is needed.
   */
  public static long[] fillEqualInPlace(long budget, long[] amounts) {
    int n = amounts.length;
    long wantedTotal = 0;
    for (long h : amounts) {
      wantedTotal = ExactMath.saturatingAdd(wantedTotal, h);
    }
    if (wantedTotal <= budget) {
      return amounts;
    }
    if (budget == 0) {
      java.util.Arrays.fill(amounts, 0);
      return amounts;
    }
    for (int i = 0; i < n; i++) {
      amounts[i] = rising(amounts[i]);
    }
    long left = budget;
    long rising = n; // never reaches 0: some participant wants more than the level
    boolean settled = false;
    for (int pass = 0; pass < MAX_SETTLING_PASSES && !settled; pass++) {
      settled = true;
      for (int i = 0; i < n; i++) {
        long a = amounts[i];
        if (a < 0 && ExactMath.compareProducts(rising(a), rising, left, 1) < 0) {
          long h = rising(a);
          amounts[i] = h;
          left -= h;
          rising--;
          settled = false;
        }
      }
    }
    if (!settled) {
      for (int i = 0; i < n; i++) {
        if (amounts[i] < 0) {
          amounts[i] = rising(amounts[i]);
        }
      }
      long[] sorted = fillEqualSorted(budget, amounts);
      System.arraycopy(sorted, 0, amounts, 0, n);
      return amounts;
    }
    long level = left / rising;
    long leftover = left % rising;
    for (int i = 0; i < n; i++) {
      if (amounts[i] < 0) {
        amounts[i] = level;
        if (leftover > 0) {
          amounts[i]++;
          leftover--;
        }
      }
    }
    return amounts;
  }

  /** A demand marked rising, or a rising mark's demand: {@code -(x + 1)} either way. */
  private static long rising(long x) {
    return -x - 1;
  }

  /** {@link #fillEqual} by a sort of the demands: for demands that settle one per pass. */
  static long[] fillEqualSorted(long budget, long[] hi) {
    int n = hi.length;
    long[] alloc = new long[n];
    long[] ascending = hi.clone();
    java.util.Arrays.sort(ascending);
    int first = 0;
    while (ascending[first] == 0) {
      first++; // nothing wanted: never rises (some participant wants more than its share, so first < n)
    }
    long left = budget;
    long rising = n - first;
    long cut = Long.MAX_VALUE; // participants wanting less than this are satisfied
    for (int k = first; k < n; k++) {
      long h = ascending[k];
      if (ExactMath.compareProducts(h, rising, left, 1) >= 0) {
        cut = h;
        break;
      }
      left -= h;
      rising--;
    }
    long level = left / rising;
    long leftover = left % rising;
    for (int i = 0; i < n; i++) {
      if (hi[i] < cut) {
        alloc[i] = hi[i];
      } else {
        alloc[i] = level;
        if (leftover > 0) {
          alloc[i]++;
          leftover--;
        }
      }
    }
    return alloc;
  }

  private record Breakpoint(int index, long amount, long weight, boolean enter) {}
}
