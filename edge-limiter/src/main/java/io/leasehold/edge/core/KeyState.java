package io.leasehold.edge.core;

import io.leasehold.model.QuotaId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lease-table entry of one key of one rule: one {@link LimitState} per limit of the rule, so a
 * multi-limit check is one lookup and one lock.
 *
 * <p>The lock is a test-and-set spin lock held for a few hundred nanoseconds at most (no I/O, no
 * allocation, no call into the table while held). A request locks all its entries in ascending
 * {@link #order}, which is global and fixed at creation, so two requests can never deadlock, even
 * across a rules change.
 */
final class KeyState {
  private static final VarHandle LOCKED;

  static {
    try {
      LOCKED = MethodHandles.lookup().findVarHandle(KeyState.class, "locked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final EntryKey key;
  final RuleRuntime rule;
  final long order;
  final LimitState[] limits;

  @SuppressWarnings("unused") // through LOCKED
  private volatile int locked;

  /** Removed from the table: a thread that looked it up before must look up again. Guarded by the lock. */
  boolean retired;
  /** Touched since the last sync and queued for it. Guarded by the lock. */
  boolean dirty;
  /** When this entry's use was last recorded in the table's policy; racy by design (a hint). */
  long accessRecordedAt;
  /** In the sync loop's list of entries whose leases it sweeps for expiry. Sync thread only. */
  boolean watched;

  KeyState(EntryKey key, RuleRuntime rule, long order, Tuning tuning, long now, boolean parentAvailable) {
    this.key = key;
    this.rule = rule;
    this.order = order;
    this.accessRecordedAt = now;
    this.limits = new LimitState[rule.limits.length];
    for (int i = 0; i < limits.length; i++) {
      limits[i] = new LimitState(rule, rule.limits[i], new QuotaId(rule.id, i, key.key()), tuning, now, parentAvailable);
    }
  }

  void lock() {
    if (!LOCKED.compareAndSet(this, 0, 1)) {
      lockContended();
    }
  }

  private void lockContended() {
    int spins = 0;
    do {
      if (++spins < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield(); // the holder may have been descheduled on an oversubscribed host
      }
    } while ((int) LOCKED.getOpaque(this) != 0 || !LOCKED.compareAndSet(this, 0, 1));
  }

  void unlock() {
    LOCKED.setRelease(this, 0);
  }

  /** Whether any limit holds usage not yet reported. Call under the lock. */
  boolean hasUnreported() {
    for (LimitState limit : limits) {
      if (limit.hasUnreported()) {
        return true;
      }
    }
    return false;
  }

  /** Whether any limit holds a lease (so the sync loop sweeps it for expiry). Call under the lock. */
  boolean holdsLease() {
    for (LimitState limit : limits) {
      if (limit.mode == QuotaMode.LEASED) {
        return true;
      }
    }
    return false;
  }
}
