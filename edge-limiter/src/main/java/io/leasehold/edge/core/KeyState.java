package io.leasehold.edge.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.time.DueQueue;

/**
 * The lease-table entry of one key of one rule: one {@link LimitState} per limit of the rule, so a
 * multi-limit check is one lookup and one lock.
 *
 * <p>Guarded by the spin lock of its {@link LeaseTable} slot ({@link LeaseTable#lockEntry}), held
 * for a few hundred nanoseconds at most (no I/O, no allocation, no structural table call while
 * held). A request's slow path locks all its entries in ascending {@link #order}, which is global
 * and fixed at creation, so two requests can never deadlock, even across a rules change.
 */
final class KeyState extends DueQueue.Entry {
  final EntryKey key;
  final RuleRuntime rule;
  final long order;
  final LimitState[] limits;
  /** The entry's identity in the table ({@link KeyHash}). */
  final long hashLo;
  final long hashHi;
  /** Tokens of each limit when the slot was last armed; what the fast path took is this minus the slot's count. */
  final long[] armedTokens;

  /** Where the table placed it; written under the slot lock (a rehash moves it). */
  LeaseTable.Slab slab;
  int slot;

  /** Removed from the table: a thread that looked it up before must look up again. Guarded by the lock. */
  boolean retired;

  KeyState(EntryKey key, KeyHash hash, RuleRuntime rule, long order, Tuning tuning, long now, boolean parentAvailable) {
    this.key = key;
    this.rule = rule;
    this.order = order;
    this.hashLo = hash.lo;
    this.hashHi = hash.hi;
    this.limits = new LimitState[rule.limits.length];
    this.armedTokens = new long[Math.min(limits.length, LeaseTable.MAX_FAST_LIMITS)];
    for (int i = 0; i < limits.length; i++) {
      limits[i] = new LimitState(rule, rule.limits[i], new QuotaId(rule.id, i, key.key()), tuning, now, parentAvailable);
    }
  }

  /** Touched since the last sync and queued for it (a bit of its slot, so the fast path sees it). Under the lock. */
  boolean dirty() {
    return LeaseTable.isDirty(slab, slot);
  }

  void dirty(boolean dirty) {
    LeaseTable.setDirty(slab, slot, dirty);
  }

  /** Whether any limit holds usage not yet reported. Call under the lock, folded. */
  boolean hasUnreported() {
    for (LimitState limit : limits) {
      if (limit.hasUnreported()) {
        return true;
      }
    }
    return false;
  }

  /**
   * When the earliest lease of this entry runs out, or {@code now} when one already has;
   * {@link Long#MIN_VALUE} when it holds none. Call under the lock.
   */
  long nextLeaseExpiry(long now) {
    long earliest = Long.MIN_VALUE;
    for (LimitState limit : limits) {
      if (limit.mode == QuotaMode.LEASED) {
        long at = now - limit.leaseExpiresAt >= 0 ? now : limit.leaseExpiresAt;
        if (earliest == Long.MIN_VALUE || at - earliest < 0) {
          earliest = at;
        }
      }
    }
    return earliest;
  }

  /** Whether a lease of this entry has run out (the sweep folds and expires it then). Call under the lock. */
  boolean leaseDue(long now) {
    for (LimitState limit : limits) {
      if (limit.mode == QuotaMode.LEASED && now - limit.leaseExpiresAt >= 0) {
        return true;
      }
    }
    return false;
  }
}
