package io.leasehold.model.alloc.core;

/**
 * Splits an integer total in proportion to integer keys by the largest-remainder method.
 *
 * <p>Everyone gets {@code floor(total * key / Σkeys)}; the few units lost to rounding (fewer than
 * the number of keys) go one each to the largest remainders, ties to the lowest index. So the
 * result is deterministic, sums to exactly {@code total}, and no share exceeds
 * {@code ceil(total * key / Σkeys)} — a zero key always gets zero.
 */
public final class Apportionment {
  private Apportionment() {}

  /**
   * Returns shares of {@code total} (≥ 0) proportional to {@code keys} (each ≥ 0). When every key
   * is zero nothing can be apportioned and all shares are zero.
   */
  public static long[] apportion(long total, long[] keys) {
    int n = keys.length;
    long[] shares = new long[n];
    if (total == 0 || n == 0) {
      return shares;
    }
    // Proportions of huge keys do not need their low bits: shifting every key equally keeps the
    // split exact for the shifted keys and keeps Σkeys inside a long.
    int shift = 0;
    long sum;
    while (true) {
      sum = 0;
      boolean overflow = false;
      for (long key : keys) {
        sum += key >>> shift;
        if (sum < 0 || sum > (1L << 62)) {
          overflow = true;
          break;
        }
      }
      if (!overflow) {
        break;
      }
      shift++;
    }
    if (sum == 0) {
      return shares;
    }
    long[] remainders = new long[n];
    long given = 0;
    for (int i = 0; i < n; i++) {
      long key = keys[i] >>> shift;
      shares[i] = ExactMath.mulDivFloor(total, key, sum);
      remainders[i] = ExactMath.mulMod(total, key, sum);
      given += shares[i];
    }
    distributeLeftover(total - given, shares, remainders);
    return shares;
  }

  /**
   * Gives {@code leftover} units, one each, to the entries with the largest remainders (ties: lowest
   * index). Entries with a zero remainder never receive one: callers guarantee that leftover is at
   * most the number of non-zero remainders, which holds whenever the remainders come from an exact
   * division whose fractional parts sum to {@code leftover}.
   */
  static void distributeLeftover(long leftover, long[] shares, long[] remainders) {
    int n = shares.length;
    if (leftover <= 0) {
      return;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> {
      int byRemainder = Long.compare(remainders[y], remainders[x]);
      return byRemainder != 0 ? byRemainder : Integer.compare(x, y);
    });
    for (int k = 0; k < n && leftover > 0; k++) {
      int i = order[k];
      if (remainders[i] == 0) {
        break;
      }
      shares[i]++;
      leftover--;
    }
    if (leftover != 0) {
      throw new IllegalStateException("apportionment left " + leftover + " units undistributed");
    }
  }
}
