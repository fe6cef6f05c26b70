package io.leasehold.edge.core;

import io.leasehold.model.bucket.Decision;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The edge's bounded (rule, key) table: a flat open-addressing hash table whose slots are one cache
 * line of a {@code long[]} slab each, so that a decision on a held lease reads and writes one line
 * instead of chasing a map node, its key, the entry and its limit objects.
 *
 * <h2>Slot</h2>
 * Eight longs: the entry's 128-bit {@link KeyHash} (its identity; the key itself lives in the
 * {@link KeyState} of a parallel array, read only off the request path), a control word (lock bit,
 * flags, last access time), and the <i>armed</i> copy of up to {@value #MAX_FAST_LIMITS} leased
 * limits: tokens available, the floor the fast path may not cross (the low-water mark), and the
 * earliest lease expiry. An armed slot decides an allowed request alone; anything else (a refusal,
 * the low-water mark, an expired lease, a sync) takes the entry's objects, after {@link #lockEntry}
 * has folded what the fast path took back into them (see {@link #fold}). The two paths are exactly
 * equivalent: a leased bucket does not refill locally, so N debits of the slot equal one debit of N.
 *
 * <h2>Concurrency</h2>
 * A slot is guarded by the spin lock in its control word; it guards the slot's words and its entry's
 * objects alike. Lookups probe without locking and re-check the hash once the slot is locked.
 * Structural changes (insert, eviction, rehash) are serialised by one lock and never hold two slot
 * locks; a deciding thread never waits for that lock while holding a slot. A rehash copies each slot
 * under its lock and marks it {@code MOVED}; whoever then locks it starts again from the new slab.
 *
 * <h2>Bounds</h2>
 * Size: inserting beyond {@code maxKeys} evicts the least recently used of {@value #EVICTION_SAMPLES}
 * entries sampled from a pseudo-random position (sampled LRU, as Redis does). Idle expiry: each sync
 * round sweeps a part of the slab ({@link #sweepIdle}). Evicted entries leave through the {@link
 * Departure} callback, slot locked, so their usage and unused tokens go into the next sync.
 */
final class LeaseTable {
  static final long EMPTY = 0;
  static final long TOMBSTONE = 1;
  static final int MAX_FAST_LIMITS = 2;

  static final int STRIDE = 8;
  /** Word offset of slot 0: puts slots on cache-line boundaries in a large (region-aligned) array. */
  private static final int BASE = 6;
  private static final int HASH_LO = 0;
  private static final int HASH_HI = 1;
  private static final int CTL = 2;
  private static final int EXPIRY = 3;
  private static final int AVAIL = 4;
  private static final int FLOOR = 5;

  private static final long LOCKED = 1;
  private static final long MOVED = 2;
  private static final long ARMED = 4;
  private static final long DIRTY = 8;
  private static final long FLAGS = 0xff;
  private static final int ACCESS_SHIFT = 8;
  /** Access times are kept in units of 2^10 ns (about a microsecond), 56 bits, compared wrap-safe. */
  private static final int TIME_SHIFT = 10;
  private static final long TIME_MASK = (1L << 56) - 1;

  private static final int MIN_CAPACITY = 64;
  /** 2^27 slots of 64 bytes: 8 GiB of slab, the most one {@code long[]} can address at this stride. */
  private static final int MAX_CAPACITY = 1 << 27;
  private static final int EVICTION_SAMPLES = 8;
  /** The idle sweep passes over the whole table once per this fraction of the idle expiry. */
  private static final int SWEEPS_PER_IDLE_EXPIRY = 8;

  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

  /** One generation of the table; replaced whole by a rehash. */
  static final class Slab {
    final long[] words;
    final KeyState[] states;
    final int mask;

    Slab(int capacity) {
      this.words = new long[BASE + capacity * STRIDE];
      this.states = new KeyState[capacity];
      this.mask = capacity - 1;
    }

    int capacity() {
      return mask + 1;
    }
  }

  /** An entry leaves the table; called with its slot locked and its fast-path usage folded in. */
  interface Departure {
    void left(KeyState entry, boolean evicted);
  }

  private volatile Slab slab = new Slab(MIN_CAPACITY);
  private final ReentrantLock structure = new ReentrantLock();
  private final long maxKeys;
  private final int capacityLimit;
  private final long idleUnits;
  private final Departure departure;
  private final Decision foldScratch = new Decision();
  // Guarded by structure.
  private int size;
  private int tombstones;
  private long sampleState = 0x9E3779B97F4A7C15L;
  private int sweepCursor;
  /** Nanos of one full pass of the idle sweep. */
  private final long sweepPeriodNanos;
  private long lastSweepNanos;
  private boolean swept;
  private volatile int sizeView;

  LeaseTable(long maxKeys, long idleExpiryNanos, Departure departure) {
    this.maxKeys = Math.min(maxKeys, MAX_CAPACITY / 2);
    this.capacityLimit = (int) Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, this.maxKeys * 2 - 1)) << 1);
    this.idleUnits = idleExpiryNanos >> TIME_SHIFT;
    this.sweepPeriodNanos = Math.max(1, idleExpiryNanos / SWEEPS_PER_IDLE_EXPIRY);
    this.departure = departure;
  }

  Slab slab() {
    return slab;
  }

  int size() {
    return sizeView;
  }

  // ---------------------------------------------------------------- request path (static, no state)

  /** The slot holding {@code (lo, hi)}, or -1; unlocked, so confirm with {@link #holds} once locked. */
  static int find(Slab s, long lo, long hi) {
    long[] w = s.words;
    int mask = s.mask;
    int i = (int) hi & mask;
    for (int probes = 0; probes <= mask; probes++) {
      int b = BASE + i * STRIDE;
      long l = w[b + HASH_LO];
      if (l == lo && w[b + HASH_HI] == hi) {
        return i;
      }
      if (l == EMPTY) {
        return -1;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  /** Locks slot {@code i}, spinning; false (not locked) when a rehash moved it. */
  static boolean lock(Slab s, int i) {
    long[] w = s.words;
    int at = BASE + i * STRIDE + CTL;
    for (int spins = 0; ; ) {
      long c = (long) WORDS.getOpaque(w, at);
      if ((c & MOVED) != 0) {
        return false;
      }
      if ((c & LOCKED) == 0 && WORDS.weakCompareAndSetAcquire(w, at, c, c | LOCKED)) {
        return true;
      }
      if (++spins < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield(); // the holder may have been descheduled on an oversubscribed host
      }
    }
  }

  /** One attempt: a request holding other slots must not wait (its lock order is not the slow path's). */
  static boolean tryLock(Slab s, int i) {
    long[] w = s.words;
    int at = BASE + i * STRIDE + CTL;
    long c = (long) WORDS.getOpaque(w, at);
    return (c & (MOVED | LOCKED)) == 0 && WORDS.compareAndSet(w, at, c, c | LOCKED);
  }

  static void unlock(Slab s, int i) {
    int at = BASE + i * STRIDE + CTL;
    WORDS.setRelease(s.words, at, s.words[at] & ~LOCKED);
  }

  /** Unlocks, recording an access at {@code now} (idle expiry and eviction order). */
  static void unlockTouched(Slab s, int i, long now) {
    int at = BASE + i * STRIDE + CTL;
    WORDS.setRelease(s.words, at, (s.words[at] & FLAGS & ~LOCKED) | accessBits(now));
  }

  static boolean isDirty(Slab s, int i) {
    return (s.words[BASE + i * STRIDE + CTL] & DIRTY) != 0;
  }

  static void setDirty(Slab s, int i, boolean dirty) {
    int at = BASE + i * STRIDE + CTL;
    s.words[at] = dirty ? s.words[at] | DIRTY : s.words[at] & ~DIRTY;
  }

  /**
   * Under the lock, on the fast path: marks the slot touched since the last sync and returns its
   * entry for the caller's dirty log (after unlocking), or null when it was marked already.
   */
  static KeyState markDirty(Slab s, int i) {
    int at = BASE + i * STRIDE + CTL;
    long c = s.words[at];
    if ((c & DIRTY) != 0) {
      return null;
    }
    s.words[at] = c | DIRTY;
    return s.states[i];
  }

  /** Under the lock: whether the slot still holds {@code (lo, hi)}. */
  static boolean holds(Slab s, int i, long lo, long hi) {
    int b = BASE + i * STRIDE;
    return s.words[b + HASH_LO] == lo && s.words[b + HASH_HI] == hi;
  }

  /**
   * Under the lock: whether the armed slot can take {@code cost} (> 0) from each of its first
   * {@code limits} limits without crossing a floor or outliving a lease.
   */
  static boolean canTake(Slab s, int i, int limits, long cost, long now) {
    long[] w = s.words;
    int b = BASE + i * STRIDE;
    if ((w[b + CTL] & ARMED) == 0 || now - w[b + EXPIRY] >= 0) {
      return false;
    }
    for (int j = 0; j < limits; j++) {
      if (w[b + AVAIL + 2 * j] - cost < w[b + FLOOR + 2 * j]) {
        return false;
      }
    }
    return true;
  }

  /** Under the lock, after {@link #canTake}: takes {@code cost} from limit {@code j}; returns what is left. */
  static long take(Slab s, int i, int j, long cost) {
    int at = BASE + i * STRIDE + AVAIL + 2 * j;
    long left = s.words[at] - cost;
    s.words[at] = left;
    return left;
  }

  private static long accessBits(long now) {
    return ((now >> TIME_SHIFT) & TIME_MASK) << ACCESS_SHIFT;
  }

  private static long idleAge(long ctl, long now) {
    return (((now >> TIME_SHIFT) & TIME_MASK) - (ctl >>> ACCESS_SHIFT)) & TIME_MASK;
  }

  // ---------------------------------------------------------------- entries

  /** The entry of {@code h}, if held. */
  KeyState get(KeyHash h) {
    while (true) {
      Slab s = slab;
      int i = find(s, h.lo, h.hi);
      if (i < 0) {
        return null;
      }
      if (!lock(s, i)) {
        awaitRehash(s);
        continue;
      }
      KeyState entry = holds(s, i, h.lo, h.hi) ? s.states[i] : null;
      unlock(s, i);
      return entry;
    }
  }

  /** The entry of {@code h}: the one held, or {@code created}, inserted (evicting one if full). */
  KeyState putIfAbsent(KeyHash h, KeyState created, long now) {
    structure.lock();
    try {
      Slab s = slab;
      int i = find(s, h.lo, h.hi);
      if (i >= 0) {
        return s.states[i];
      }
      if (size >= maxKeys) {
        evictOne(s, now);
      }
      if (8L * (size + tombstones + 1) > 5L * s.capacity()) {
        s = rehash(s);
      }
      int at = insertionSlot(s, h.hi);
      lock(s, at); // free or a tombstone: only a stale lockEntry can be looking at it
      long[] w = s.words;
      int b = BASE + at * STRIDE;
      if (w[b + HASH_LO] == TOMBSTONE) {
        tombstones--;
      }
      s.states[at] = created;
      created.slab = s;
      created.slot = at;
      w[b + HASH_HI] = h.hi;
      w[b + HASH_LO] = h.lo;
      w[b + CTL] = LOCKED;
      size++;
      sizeView = size;
      unlockTouched(s, at, now);
      return created;
    } finally {
      structure.unlock();
    }
  }

  /**
   * Locks the slot of {@code entry} wherever rehashes have moved it, folding its fast-path usage
   * into its limit states when {@code fold}; false (not locked) when it has left the table.
   */
  boolean lockEntry(KeyState entry, boolean fold, long now, Decision scratch) {
    return lockEntry(entry, fold, now, scratch, true) == LOCKED_ENTRY;
  }

  /** {@link #lockEntry(KeyState, boolean, long, Decision, boolean)}: the entry is locked. */
  static final int LOCKED_ENTRY = 1;
  /** It has left the table. */
  static final int LEFT_TABLE = 0;
  /** A rehash is moving it, and the caller holds other slots: it must release them and start again. */
  static final int REHASHING = -1;

  /**
   * Like {@link #lockEntry(KeyState, boolean, long, Decision)}. A caller that holds other slots
   * passes {@code mayAwaitRehash} false: waiting for a rehash while holding a slot deadlocks, since
   * the rehash must lock every slot of the old slab to move it (a request on two rules, one of
   * them a key flood that doubled the table, hung so).
   */
  int lockEntry(KeyState entry, boolean fold, long now, Decision scratch, boolean mayAwaitRehash) {
    while (true) {
      Slab s = slab;
      // Where it was last placed, else by its hash (a racing rehash may have just moved it).
      int i = entry.slab == s ? entry.slot : -1;
      if (i < 0 || !holdsEntry(s, i, entry)) {
        i = find(s, entry.hashLo, entry.hashHi);
        if (i < 0) {
          if (slab == s) {
            return LEFT_TABLE;
          }
          continue;
        }
      }
      if (!lock(s, i)) {
        if (!mayAwaitRehash) {
          return REHASHING;
        }
        awaitRehash(s);
        continue;
      }
      if (s.states[i] == entry) {
        if (fold) {
          fold(entry, now, scratch);
        }
        return LOCKED_ENTRY;
      }
      unlock(s, i);
      if (slab == s && find(s, entry.hashLo, entry.hashHi) == i) {
        return LEFT_TABLE; // its hash now belongs to a newer entry
      }
    }
  }

  private static boolean holdsEntry(Slab s, int i, KeyState entry) {
    return i <= s.mask && s.states[i] == entry;
  }

  /** Unlocks, arming the slot if it can be (after a sync operation changed the entry). */
  void unlockEntry(KeyState entry, long now) {
    arm(entry, now);
    unlock(entry.slab, entry.slot);
  }

  /** After a decision: arms the slot when every limit is a live lease, then unlocks it. */
  void unlockDecided(KeyState entry, long now) {
    arm(entry, now);
    unlockTouched(entry.slab, entry.slot, now);
  }

  /** Under the slot lock: moves what the fast path took into the limit states and disarms the slot. */
  void fold(KeyState entry, long now, Decision scratch) {
    long[] w = entry.slab.words;
    int b = BASE + entry.slot * STRIDE;
    if ((w[b + CTL] & ARMED) == 0) {
      return;
    }
    for (int j = 0; j < entry.limits.length; j++) {
      long taken = entry.armedTokens[j] - w[b + AVAIL + 2 * j];
      if (taken > 0) {
        // Every fast debit left at least the floor, so this debit does too: no low-water signal is lost.
        entry.limits[j].debit(taken, now, scratch);
      }
    }
    w[b + CTL] &= ~ARMED;
  }

  private void arm(KeyState entry, long now) {
    if (entry.rule.local || entry.retired || entry.limits.length > MAX_FAST_LIMITS
        || (entry.slab.words[BASE + entry.slot * STRIDE + CTL] & ARMED) != 0) {
      return; // armed already: its count is the live one
    }
    long expiry = Long.MAX_VALUE;
    boolean first = true;
    for (LimitState limit : entry.limits) {
      if (limit.fastPathFloor(now) < 0) {
        return;
      }
      if (first || limit.leaseExpiresAt - expiry < 0) {
        expiry = limit.leaseExpiresAt;
        first = false;
      }
    }
    long[] w = entry.slab.words;
    int b = BASE + entry.slot * STRIDE;
    for (int j = 0; j < entry.limits.length; j++) {
      LimitState limit = entry.limits[j];
      long tokens = limit.wholeTokens(now);
      entry.armedTokens[j] = tokens;
      w[b + AVAIL + 2 * j] = tokens;
      w[b + FLOOR + 2 * j] = limit.fastPathFloor(now);
    }
    w[b + EXPIRY] = expiry;
    w[b + CTL] |= ARMED;
  }

  /** A snapshot of the entries held; lock each with {@link #lockEntry} before use. */
  List<KeyState> entries() {
    Slab s = slab;
    List<KeyState> all = new ArrayList<>(sizeView);
    for (KeyState entry : s.states) {
      if (entry != null) {
        all.add(entry);
      }
    }
    return all;
  }

  /** Removes (not counted as evicted) every entry {@code doomed} accepts. */
  void removeIf(Predicate<KeyState> doomed, long now) {
    structure.lock();
    try {
      Slab s = slab;
      for (int i = 0; i <= s.mask; i++) {
        KeyState entry = s.states[i];
        if (entry != null && doomed.test(entry)) {
          lock(s, i); // never MOVED: rehashes hold the structure lock too
          removeLocked(s, i, false, now);
        }
      }
    } finally {
      structure.unlock();
    }
  }

  /**
   * Evicts entries idle for the idle expiry or longer, sweeping on from where the last sweep ended
   * a share of the slots in proportion to the time since (a whole pass per idle expiry / 8).
   */
  void sweepIdle(long now) {
    structure.lock();
    try {
      Slab s = slab;
      // A slice in proportion to the time since the last sweep, so the whole table is passed over
      // once per idle_expiry / 8 however often the sync runs: an entry leaves at most that long
      // after its idle expiry. (A fixed slice per round had 250 simulated edges scan their whole
      // tables five times a second, the largest cost of the scale run.) The first sweep is whole.
      long elapsed = swept ? Math.max(0, now - lastSweepNanos) : sweepPeriodNanos;
      swept = true;
      lastSweepNanos = now;
      int budget = elapsed >= sweepPeriodNanos ? s.capacity()
          : (int) Math.min(s.capacity(), Math.max(1, Math.ceil((double) s.capacity() * elapsed / sweepPeriodNanos)));
      long[] w = s.words;
      for (int k = 0; k < budget; k++) {
        int i = sweepCursor++ & s.mask;
        int b = BASE + i * STRIDE;
        long l = w[b + HASH_LO];
        if (l != EMPTY && l != TOMBSTONE && idleAge((long) WORDS.getOpaque(w, b + CTL), now) >= idleUnits) {
          lock(s, i);
          if (idleAge(w[b + CTL], now) >= idleUnits) { // a request may have touched it meanwhile
            removeLocked(s, i, true, now);
          } else {
            unlock(s, i);
          }
        }
      }
    } finally {
      structure.unlock();
    }
  }

  // ---------------------------------------------------------------- structure (under the structure lock)

  private void evictOne(Slab s, long now) {
    long[] w = s.words;
    sampleState += 0x9E3779B97F4A7C15L;
    int start = (int) mix(sampleState) & s.mask;
    int victim = -1;
    long oldest = -1;
    for (int k = 0, seen = 0; k <= s.mask && seen < EVICTION_SAMPLES; k++) {
      int i = (start + k) & s.mask;
      int b = BASE + i * STRIDE;
      long l = w[b + HASH_LO];
      if (l == EMPTY || l == TOMBSTONE) {
        continue;
      }
      seen++;
      long age = idleAge((long) WORDS.getOpaque(w, b + CTL), now);
      if (age > oldest) {
        oldest = age;
        victim = i;
      }
    }
    if (victim >= 0) {
      lock(s, victim);
      removeLocked(s, victim, true, now);
    }
  }

  /** Removes the entry of locked slot {@code i} and unlocks it. */
  private void removeLocked(Slab s, int i, boolean evicted, long now) {
    KeyState entry = s.states[i];
    fold(entry, now, foldScratch);
    departure.left(entry, evicted);
    long[] w = s.words;
    int b = BASE + i * STRIDE;
    s.states[i] = null;
    w[b + HASH_LO] = TOMBSTONE;
    w[b + HASH_HI] = 0;
    w[b + CTL] = LOCKED;
    size--;
    tombstones++;
    sizeView = size;
    unlock(s, i);
  }

  /**
   * Copies every live slot into a new slab, dropping tombstones: twice the size while the live
   * entries fill 5/16 of it or more, up to twice {@code maxKeys} (so a full table is at most half
   * full, and an evicting one rehashes in place once every capacity/8 inserts).
   */
  private Slab rehash(Slab old) {
    int capacity = old.capacity();
    if (16L * size >= 5L * capacity && capacity < capacityLimit) {
      capacity *= 2;
    }
    Slab next = new Slab(capacity);
    long[] from = old.words;
    long[] to = next.words;
    for (int i = 0; i <= old.mask; i++) {
      lock(old, i);
      int b = BASE + i * STRIDE;
      long l = from[b + HASH_LO];
      if (l != EMPTY && l != TOMBSTONE) {
        int at = insertionSlot(next, from[b + HASH_HI]);
        System.arraycopy(from, b, to, BASE + at * STRIDE, STRIDE);
        to[BASE + at * STRIDE + CTL] &= ~LOCKED;
        KeyState entry = old.states[i];
        next.states[at] = entry;
        entry.slab = next;
        entry.slot = at;
      }
      WORDS.setRelease(from, b + CTL, MOVED);
    }
    tombstones = 0;
    slab = next;
    return next;
  }

  private static int insertionSlot(Slab s, long hi) {
    long[] w = s.words;
    int i = (int) hi & s.mask;
    while (true) {
      long l = w[BASE + i * STRIDE + HASH_LO];
      if (l == EMPTY || l == TOMBSTONE) {
        return i;
      }
      i = (i + 1) & s.mask;
    }
  }

  /** A rehash is copying {@code s}: wait for the new slab (rare: the table doubles a few times while warming up). */
  private void awaitRehash(Slab s) {
    while (slab == s) {
      Thread.yield();
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
