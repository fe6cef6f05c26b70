package io.leasehold.sim;

/** Receives decisions a system took asynchronously (after returning {@link Decision#PENDING}). */
@FunctionalInterface
public interface DecisionSink {
  /**
   * @param requestId {@link SimRequest#id()}
   * @param admitted the decision
   * @param decidedAtNanos when the limiter took the decision (e.g. when the call reached a remote
   *     store); admitted tokens are counted at this time, while the request's waiting time runs
   *     until now, when the answer reached the edge
   */
  void complete(long requestId, boolean admitted, long decidedAtNanos);
}
