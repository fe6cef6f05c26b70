package io.leasehold.sim;

/** Receives decisions a system took asynchronously (after returning {@link Decision#PENDING}). */
@FunctionalInterface
public interface DecisionSink {
  /** {@code requestId} is {@link SimRequest#id()}. */
  void complete(long requestId, boolean admitted);
}
