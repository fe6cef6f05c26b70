package io.leasehold.model.alloc;

import io.leasehold.model.alloc.core.Apportionment;
import io.leasehold.model.alloc.core.ChildAccount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Issues grants to children so that Σ outstanding grants ≤ capacity at every instant (DESIGN.md
 * invariant 2), in both the rate and the burst dimension.
 *
 * <p>A shrink is issued at once, but the capacity it frees is reusable only after the child
 * acknowledges the shrink ({@link #onAck}) or the bigger grant it replaces has expired (TTL +
 * safety margin on this parent's clock, from issue). Until then the child "holds" the maximum of
 * every grant it may have received, so other children's growth is held back by exactly what is
 * still outstanding. Floors are reserved and never reassigned: a child keeps its floor after its
 * grants expire. A capacity decrease is enforced as outstanding grants drain; an increase is
 * usable at once.
 *
 * <p>Sans-I/O and deterministic: time is passed in as monotonic nanos and must not go backwards;
 * children are processed in id order. Not thread-safe: drive it from one thread (an event loop).
 */
public final class GrantLedger {
  private final LedgerSettings settings;
  private final TreeMap<String, ChildAccount> accounts = new TreeMap<>();
  private RateBurst capacity;
  private RateBurst unattributed = RateBurst.ZERO;
  private long unattributedUntilNanos = Long.MIN_VALUE;
  private long lastNowNanos = Long.MIN_VALUE;
  /**
   * One counter for all children: a child that was removed and comes back still sees epochs above
   * every one it may remember, so it never ignores its new grants as stale.
   */
  private long lastEpoch;

  public GrantLedger(RateBurst capacity, LedgerSettings settings) {
    this.capacity = requireNonNull("capacity", capacity);
    this.settings = requireNonNull("settings", settings);
  }

  public RateBurst capacity() {
    return capacity;
  }

  public LedgerSettings settings() {
    return settings;
  }

  /**
   * Changes the capacity (a rule's limit changed). A decrease shrinks every target at the next
   * {@link #rebalance}; no child grows until the outstanding total has drained below the new
   * capacity. An increase is available to the next rebalance.
   */
  public void setCapacity(RateBurst newCapacity) {
    this.capacity = requireNonNull("capacity", newCapacity);
  }

  /**
   * Records that {@code child} uses the grant with {@code epoch} (and so no older one): the
   * capacity older, bigger grants held becomes reusable.
   */
  public AckOutcome onAck(String child, long epoch, long nowNanos) {
    advanceTo(nowNanos);
    ChildAccount account = accounts.get(child);
    return account == null ? AckOutcome.UNKNOWN_CHILD : account.ack(epoch);
  }

  /**
   * Computes targets and returns a grant for every reporting child, in id order; call it once per
   * reporting round with every child that reported.
   *
   * <p>Known children that did not report keep what they hold (it still counts until it expires)
   * and their floors stay reserved; they get no grant and no share of the headroom.
   *
   * @param reports demand per reporting child
   */
  public List<GrantDecision> rebalance(Map<String, ChildDemand> reports, long nowNanos) {
    requireNonNull("reports", reports);
    advanceTo(nowNanos);
    expire(nowNanos);
    TreeMap<String, ChildDemand> reporting = new TreeMap<>();
    reports.forEach((child, demand) -> {
      if (child == null || child.isEmpty()) {
        throw new IllegalArgumentException("reports: a child id is null or empty");
      }
      if (demand == null) {
        throw new IllegalArgumentException("reports['" + child + "']: demand is null");
      }
      reporting.put(child, demand);
    });
    for (Map.Entry<String, ChildDemand> e : reporting.entrySet()) {
      accounts.computeIfAbsent(e.getKey(), k -> new ChildAccount()).report(e.getValue());
    }

    // Silent children's floors are reserved; the reporting children share what is left.
    long silentFloorRate = 0;
    long silentFloorBurst = 0;
    RateBurst held = activeUnattributed(nowNanos);
    long heldRate = held.rate();
    long heldBurst = held.burst();
    TreeMap<String, RateBurst> holdings = new TreeMap<>();
    for (Map.Entry<String, ChildAccount> e : accounts.entrySet()) {
      RateBurst holding = e.getValue().outstanding(nowNanos);
      holdings.put(e.getKey(), holding);
      heldRate += holding.rate();
      heldBurst += holding.burst();
      if (!reporting.containsKey(e.getKey())) {
        RateBurst floor = e.getValue().reservedFloor();
        silentFloorRate += floor.rate();
        silentFloorBurst += floor.burst();
      }
    }
    RateBurst shareable =
        new RateBurst(
            Math.max(0, capacity.rate() - silentFloorRate), Math.max(0, capacity.burst() - silentFloorBurst));
    Allocation allocation = FairShare.allocate(shareable, reporting, settings.policy());

    // Growth beyond what a child already holds must fit in what nobody holds.
    int n = reporting.size();
    String[] ids = reporting.keySet().toArray(new String[0]);
    long[] growRate = new long[n];
    long[] growBurst = new long[n];
    for (int i = 0; i < n; i++) {
      ChildTarget target = allocation.target(ids[i]);
      RateBurst holding = holdings.get(ids[i]);
      growRate[i] = Math.max(0, target.rate() - holding.rate());
      growBurst[i] = Math.max(0, target.burst() - holding.burst());
    }
    long[] allowedRate = limitGrowth(growRate, Math.max(0, capacity.rate() - heldRate));
    long[] allowedBurst = limitGrowth(growBurst, Math.max(0, capacity.burst() - heldBurst));

    List<GrantDecision> decisions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ChildAccount account = accounts.get(ids[i]);
      ChildTarget target = allocation.target(ids[i]);
      RateBurst holding = holdings.get(ids[i]);
      long rate = Math.min(target.rate(), holding.rate() + allowedRate[i]);
      long burst = Math.min(target.burst(), holding.burst() + allowedBurst[i]);
      Grant grant =
          new Grant(
              ids[i],
              ++lastEpoch,
              rate,
              burst,
              Math.min(target.floorRate(), rate),
              Math.min(target.floorBurst(), burst),
              nowNanos,
              settings.ttlNanos());
      account.issued(grant, saturatingPlus(nowNanos, settings.outstandingNanos()));
      decisions.add(new GrantDecision(grant, target));
    }
    return Collections.unmodifiableList(decisions);
  }

  private static long[] limitGrowth(long[] wanted, long available) {
    long total = 0;
    for (long w : wanted) {
      total += w;
    }
    return total <= available ? wanted : Apportionment.apportion(available, wanted);
  }

  /** Σ over children of what each may be using now, plus any {@link #assumeOutstandingUntil}. */
  public RateBurst outstandingTotal(long nowNanos) {
    RateBurst total = activeUnattributed(nowNanos);
    for (ChildAccount account : accounts.values()) {
      total = total.plus(account.outstanding(nowNanos));
    }
    return total;
  }

  /** What {@code child} may be using now (zero for an unknown child). */
  public RateBurst outstanding(String child, long nowNanos) {
    ChildAccount account = accounts.get(child);
    return account == null ? RateBurst.ZERO : account.outstanding(nowNanos);
  }

  /** The last grant issued to {@code child}, for debug views. */
  public Optional<Grant> lastIssued(String child) {
    ChildAccount account = accounts.get(child);
    return account == null ? Optional.empty() : Optional.ofNullable(account.lastIssued());
  }

  public SortedSet<String> children() {
    return Collections.unmodifiableSortedSet(accounts.navigableKeySet());
  }

  /**
   * Drops what has expired (also done by {@link #rebalance}); forgets removed children once none
   * of their grants can be in use.
   */
  public void expire(long nowNanos) {
    advanceTo(nowNanos);
    accounts.values().removeIf(account -> {
      account.expire(nowNanos);
      return account.retired() && account.isEmpty(nowNanos);
    });
    if (unattributedUntilNanos <= nowNanos) {
      unattributed = RateBurst.ZERO;
    }
  }

  /**
   * The child is gone for good (removed from the config, deregistered): its floor is released at
   * once and its grants count until they expire. Do not use this for a child that is merely
   * silent: a partitioned child keeps using its floor, and that floor must stay reserved.
   */
  public void removeChild(String child) {
    ChildAccount account = accounts.get(child);
    if (account != null) {
      account.retire();
    }
  }

  /**
   * Seeds what a child reports it holds from a parent this ledger does not know about (a previous
   * leader). It counts as outstanding for {@code remainingTtlNanos} + the safety margin; its floor
   * stays reserved until the child acknowledges one of this ledger's grants.
   */
  public void seedHeld(String child, HeldGrant held, long nowNanos) {
    requireNonNull("held", held);
    if (child == null || child.isEmpty()) {
      throw new IllegalArgumentException("child: id is null or empty");
    }
    advanceTo(nowNanos);
    long until = saturatingPlus(saturatingPlus(nowNanos, held.remainingTtlNanos()), settings.safetyMarginNanos());
    accounts.computeIfAbsent(child, k -> new ChildAccount()).seed(held, until);
  }

  /**
   * Counts {@code total} as outstanding, attributed to no child, until {@code untilNanos}: a new
   * leader's bound on grants a previous leader may have issued that no report has accounted for
   * yet. Replaces the previous such reservation (docs/allocator.md, "Failover").
   */
  public void assumeOutstandingUntil(RateBurst total, long untilNanos) {
    this.unattributed = requireNonNull("total", total);
    this.unattributedUntilNanos = untilNanos;
  }

  private RateBurst activeUnattributed(long nowNanos) {
    return nowNanos < unattributedUntilNanos ? unattributed : RateBurst.ZERO;
  }

  private void advanceTo(long nowNanos) {
    if (nowNanos < lastNowNanos) {
      throw new IllegalArgumentException(
          "nowNanos: " + nowNanos + " is before " + lastNowNanos + "; monotonic time never goes back");
    }
    lastNowNanos = nowNanos;
  }

  private static long saturatingPlus(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static <T> T requireNonNull(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": must not be null");
    }
    return value;
  }
}
