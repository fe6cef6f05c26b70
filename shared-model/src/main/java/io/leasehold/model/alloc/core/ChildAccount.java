package io.leasehold.model.alloc.core;

import io.leasehold.model.alloc.AckOutcome;
import io.leasehold.model.alloc.ChildDemand;
import io.leasehold.model.alloc.Grant;
import io.leasehold.model.alloc.HeldGrant;
import io.leasehold.model.alloc.RateBurst;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;

/**
 * A ledger's record of everything one child may be using, from the parent's point of view.
 *
 * <p>The child uses the highest-epoch grant it received, until it expires, then that grant's
 * floor. The parent does not know which grants arrived, only which epoch was last acknowledged.
 * So what the child may hold is the maximum over: the acknowledged grant, every grant issued after
 * it (each may have arrived), and anything seeded from before this ledger until the child
 * acknowledges one of ours. Grant amounts count until their parent-side expiry; floors count
 * until superseded by an acknowledgement, because a child falls back to a floor indefinitely.
 */
public final class ChildAccount {
  private ChildDemand lastDemand;
  private boolean retired;
  private long lastIssuedEpoch;
  private long ackedEpoch;
  private Grant lastIssued;
  private Holding acked;
  private final ArrayDeque<Holding> pending = new ArrayDeque<>();
  /** Expired grants issued after the acknowledged one: only their floors still matter. */
  private long expiredPendingMaxEpoch;
  private RateBurst expiredPendingFloor = RateBurst.ZERO;
  /**
   * Seeded from a previous parent: each live amount with its own expiry (merging two into one
   * with the larger amount and the later expiry would keep the larger amount alive too long),
   * and the largest floor. At most {@link #MAX_SEEDS} live entries are kept.
   */
  private final ArrayDeque<Holding> seeds = new ArrayDeque<>();
  private RateBurst seededFloor = RateBurst.ZERO;
  private static final int MAX_SEEDS = 16;

  private record Holding(long epoch, RateBurst live, RateBurst floor, long expiresAtNanos) {
    RateBurst liveAt(long nowNanos) {
      return nowNanos < expiresAtNanos ? live : RateBurst.ZERO;
    }

    Holding withoutFloor() {
      return new Holding(epoch, live, RateBurst.ZERO, expiresAtNanos);
    }
  }

  public ChildDemand lastDemand() {
    return lastDemand;
  }

  public void report(ChildDemand demand) {
    this.lastDemand = demand;
    this.retired = false;
  }

  public boolean retired() {
    return retired;
  }

  public Grant lastIssued() {
    return lastIssued;
  }

  public long ackedEpoch() {
    return ackedEpoch;
  }

  /** Everything the child may be using now: component-wise max of live grants and floors. */
  public RateBurst outstanding(long nowNanos) {
    return reservedFloor().max(live(nowNanos));
  }

  /** The floor the child may fall back to, whatever happens to its grants. */
  public RateBurst reservedFloor() {
    RateBurst floor = expiredPendingFloor;
    if (acked != null) {
      floor = floor.max(acked.floor);
    }
    for (Holding h : pending) {
      floor = floor.max(h.floor);
    }
    return floor.max(seededFloor);
  }

  private RateBurst live(long nowNanos) {
    RateBurst live = RateBurst.ZERO;
    if (acked != null) {
      live = live.max(acked.liveAt(nowNanos));
    }
    for (Holding h : pending) {
      live = live.max(h.liveAt(nowNanos));
    }
    for (Holding h : seeds) {
      live = live.max(h.liveAt(nowNanos));
    }
    return live;
  }

  public void issued(Grant grant, long expiresAtNanos) {
    if (grant.epoch() <= lastIssuedEpoch) {
      throw new IllegalStateException("epoch " + grant.epoch() + " issued after " + lastIssuedEpoch);
    }
    lastIssuedEpoch = grant.epoch();
    lastIssued = grant;
    pending.addLast(new Holding(grant.epoch(), grant.amount(), grant.floor(), expiresAtNanos));
  }

  public AckOutcome ack(long epoch) {
    if (epoch <= 0 || epoch > lastIssuedEpoch) {
      return AckOutcome.UNKNOWN_EPOCH;
    }
    if (epoch <= ackedEpoch) {
      return AckOutcome.STALE;
    }
    boolean pendingEpoch = pending.stream().anyMatch(h -> h.epoch == epoch);
    if (!pendingEpoch && epoch > expiredPendingMaxEpoch) {
      // Not an epoch of this child's (epochs are shared by all children of a ledger).
      return AckOutcome.UNKNOWN_EPOCH;
    }
    Holding adopted = null;
    for (Iterator<Holding> it = pending.iterator(); it.hasNext(); ) {
      Holding h = it.next();
      if (h.epoch <= epoch) {
        if (h.epoch == epoch) {
          adopted = h;
        }
        it.remove();
      }
    }
    if (adopted == null) {
      // The grant already expired and was folded into the summary: its exact floor is gone, and
      // the summary's (≥ it) is the safe stand-in until a later acknowledgement.
      adopted = new Holding(epoch, RateBurst.ZERO, expiredPendingFloor, Long.MIN_VALUE);
    }
    if (epoch >= expiredPendingMaxEpoch) {
      expiredPendingMaxEpoch = 0;
      expiredPendingFloor = RateBurst.ZERO;
    }
    acked = retired ? adopted.withoutFloor() : adopted;
    ackedEpoch = epoch;
    // The child now uses a grant of ours, so whatever it held before this ledger is replaced.
    seeds.clear();
    seededFloor = RateBurst.ZERO;
    return AckOutcome.ACCEPTED;
  }

  /** Folds expired grants into the floor summary so memory stays bounded without acks. */
  public void expire(long nowNanos) {
    pending.removeIf(h -> {
      if (h.expiresAtNanos <= nowNanos) {
        expiredPendingMaxEpoch = Math.max(expiredPendingMaxEpoch, h.epoch);
        expiredPendingFloor = expiredPendingFloor.max(h.floor);
        return true;
      }
      return false;
    });
    seeds.removeIf(h -> h.expiresAtNanos <= nowNanos);
  }

  /** True when nothing of this child counts any more: no live grant and no floor. */
  public boolean isEmpty(long nowNanos) {
    return outstanding(nowNanos).equals(RateBurst.ZERO);
  }

  public void seed(HeldGrant held, long expiresAtNanos) {
    seededFloor = seededFloor.max(held.floor());
    if (held.amount().equals(RateBurst.ZERO)) {
      return;
    }
    // A child reports the same grant every round: one entry per amount, with its latest expiry.
    for (Iterator<Holding> it = seeds.iterator(); it.hasNext(); ) {
      Holding h = it.next();
      if (h.live.equals(held.amount())) {
        it.remove();
        expiresAtNanos = Math.max(expiresAtNanos, h.expiresAtNanos);
        break;
      }
    }
    Holding incoming = new Holding(0, held.amount(), RateBurst.ZERO, expiresAtNanos);
    if (seeds.size() >= MAX_SEEDS) {
      // Bounded memory: fold the oldest entry into the new one (conservative: larger and longer).
      Holding oldest = seeds.pollFirst();
      incoming = new Holding(0, incoming.live.max(oldest.live), RateBurst.ZERO,
          Math.max(incoming.expiresAtNanos, oldest.expiresAtNanos));
    }
    seeds.addLast(incoming);
  }

  /**
   * The child is gone for good: its floors stop being reserved at once, its grants still count
   * until they expire (it might be alive and partitioned after all).
   */
  public void retire() {
    retired = true;
    if (acked != null) {
      acked = acked.withoutFloor();
    }
    List<Holding> withoutFloors = new ArrayList<>(pending.size());
    pending.forEach(h -> withoutFloors.add(h.withoutFloor()));
    pending.clear();
    pending.addAll(withoutFloors);
    expiredPendingFloor = RateBurst.ZERO;
    seededFloor = RateBurst.ZERO;
  }
}
