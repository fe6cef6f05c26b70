package io.leasehold.coordinator;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Coordinator leader election: at most one node leads at a time, and a node that might have lost
 * office stops acting as leader before another can be elected.
 *
 * <p>This node campaigns continuously: when its term ends (lease lost, etcd unreachable for longer
 * than the lease allows) it takes a new lease and campaigns again, until {@link #close()}.
 */
public interface LeaderElection extends AutoCloseable {

  /** Starts campaigning and observing the election. */
  void start();

  /**
   * Whether this node may act as leader at {@code nowNanos} (monotonic, from the same clock the
   * election was built with). True only while the last confirmed lease renewal plus the lease TTL,
   * minus a safety margin, lies in the future, so this node stops granting before etcd can let
   * another node lead.
   */
  boolean isLeader(long nowNanos);

  /** This node's current term, while it leads (see {@link #isLeader(long)} for the time-bounded check). */
  Optional<LeaderTerm> currentTerm();

  /** The leader as last observed through etcd (this node or another); empty when unknown. */
  Optional<LeaderInfo> currentLeader();

  /**
   * Calls {@code listener} with this node's term when it starts leading, and with an empty value when
   * it stops; on the executor the election was built with.
   *
   * @return removes the listener
   */
  Runnable addLeadershipListener(Consumer<Optional<LeaderTerm>> listener);

  /** Calls {@code listener} with every observed leader change, on the election's executor. */
  Runnable addLeaderObserver(Consumer<LeaderInfo> listener);

  /**
   * Writes {@code key = value} only if {@code term} is still the current term in etcd: a deposed
   * leader's writes fail even if it does not know yet that it was deposed.
   */
  CompletionStage<FencedWriteResult> fencedPut(LeaderTerm term, String key, String value);

  /** Resigns if leading (so a standby takes over at once rather than after the lease TTL) and stops. */
  CompletionStage<Void> resign();

  /** {@link #resign()}, waiting a bounded time for it. Does not close a client it was given. */
  @Override
  void close();
}
