package io.leasehold.edge.core;

/**
 * How many threads may decide on a {@link LeaseTableLimiter} at once, which sets how it remembers
 * the keys a decision touched until the next sync.
 */
public enum DecidingThreads {
  /**
   * Any number (a server's event loops): each thread logs into its own log, so deciding threads
   * never contend; the sync drains the logs thread by thread.
   */
  CONCURRENT,
  /**
   * One at a time, handed over with a happens-before edge (a simulator's lane moved between
   * threads at a barrier): one log in decision order, the same whichever thread decided.
   */
  ONE_AT_A_TIME
}
