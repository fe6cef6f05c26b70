package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.StarterCap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongToIntFunction;
import java.util.function.ToLongBiFunction;

/**
 * Caps the starter allowance of each starter rule so that what this replica's edges may admit for
 * a key none of them holds a lease for fits the region's bucket for a new key: at most
 * {@code floor(region burst for a new key / live edges)} tokens per edge. Every edge seeing a key
 * anew in the same window then admits no more than the bucket pays back as debt
 * (regional-aggregator/README.md, "Starter allowances — the bound"), where 250 edges × 10 starter
 * tokens once admitted 13 times a 20/s key's limit in its first second. A cap of 0 makes unseen
 * keys wait for their first lease, as {@code unseen_key: wait} does.
 *
 * <p>Recomputed at most once per edge sync interval. Until the replica has served for
 * {@link #LIVE_WINDOW_SYNCS} sync intervals it cannot know how many edges it serves, and caps to 0
 * every starter rule that it caps at all.
 */
final class StarterCaps {
  /** An edge counts as live when it synced within this many edge sync intervals. */
  static final int LIVE_WINDOW_SYNCS = 3;

  private final long syncIntervalNanos;
  private final long startedAtNanos;
  private QuotaPolicies computedFor;
  private long validUntilNanos;
  private List<StarterCap> caps = List.of();
  private int liveEdges;

  StarterCaps(long syncIntervalNanos, long startedAtNanos) {
    this.syncIntervalNanos = syncIntervalNanos;
    this.startedAtNanos = startedAtNanos;
  }

  static long liveWindowNanos(long syncIntervalNanos) {
    return LIVE_WINDOW_SYNCS * syncIntervalNanos;
  }

  /**
   * The caps in force at {@code now}.
   *
   * @param liveEdges edges that synced with this replica within the live window
   * @param newKeyBurst tokens the region's bucket holds for a quota of the given limit that it has
   *     no state for (its default share, its grant, or {@link Long#MAX_VALUE} when it does not cap)
   */
  List<StarterCap> at(long now, QuotaPolicies policies, LongToIntFunction liveEdges,
      ToLongBiFunction<QuotaId, QuotaPolicy> newKeyBurst) {
    if (policies == computedFor && now - validUntilNanos < 0) {
      return caps;
    }
    computedFor = policies;
    validUntilNanos = now + syncIntervalNanos;
    Map<String, Long> rules = policies.starterRules();
    if (rules.isEmpty()) {
      caps = List.of();
      return caps;
    }
    boolean learning = now - startedAtNanos < liveWindowNanos(syncIntervalNanos);
    this.liveEdges = liveEdges.applyAsInt(now);
    List<StarterCap> next = new ArrayList<>();
    for (Map.Entry<String, Long> rule : new TreeMap<>(rules).entrySet()) {
      long cap = capOf(rule.getKey(), policies, learning ? 0 : Math.max(1, this.liveEdges), newKeyBurst);
      if (cap < rule.getValue()) {
        next.add(new StarterCap(rule.getKey(), cap));
      }
    }
    caps = List.copyOf(next);
    return caps;
  }

  /** Rules capped at the last computation. */
  int cappedRules() {
    return caps.size();
  }

  /** Edges counted at the last computation. */
  int liveEdges() {
    return liveEdges;
  }

  /** The smallest of the rule's limits' caps; {@code edges} 0 while the count is not known yet (then 0). */
  private static long capOf(String ruleId, QuotaPolicies policies, int edges,
      ToLongBiFunction<QuotaId, QuotaPolicy> newKeyBurst) {
    long cap = Long.MAX_VALUE;
    for (int limit = 0; ; limit++) {
      QuotaId id = QuotaId.aggregate(ruleId, limit);
      Optional<QuotaPolicy> policy = policies.find(id);
      if (policy.isEmpty()) {
        return cap;
      }
      long burst = newKeyBurst.applyAsLong(id, policy.get());
      if (burst != Long.MAX_VALUE) {
        cap = Math.min(cap, edges == 0 ? 0 : burst / edges);
      }
    }
  }
}
