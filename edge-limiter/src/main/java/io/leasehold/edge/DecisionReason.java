package io.leasehold.edge;

/** Why the binding quota of an {@link EdgeDecision} decided as it did: for headers, metrics and debugging. */
public enum DecisionReason {
  /** No rule matched the request: it is allowed and nothing is counted. */
  NO_MATCH("no_match"),
  /** Decided from tokens leased by the aggregator. */
  LEASE("lease"),
  /** An unseen key admitted (or not) from its rule's optimistic starter allowance. */
  STARTER("starter"),
  /** An unseen key whose request waits for its first lease (the shell holds it, up to a deadline). */
  WAITING("waiting"),
  /** A local limit: scope {@code edge}, or the edge runs standalone. */
  LOCAL("local"),
  /** Lease expired with the aggregator unreachable; refilled at the guaranteed floor rate. */
  FALLBACK_FLOOR("fallback_floor"),
  /** Lease expired with the aggregator unreachable; the rule fails open. */
  FALLBACK_ALLOW("fallback_allow"),
  /** Lease expired with the aggregator unreachable; the rule fails closed. */
  FALLBACK_DENY("fallback_deny");

  private final String label;

  DecisionReason(String label) {
    this.label = label;
  }

  /** Lower-case name for metric tags and JSON. */
  public String label() {
    return label;
  }

  /** Whether this reason means the quota is following its rule's {@code on_unavailable}. */
  public boolean isFallback() {
    return this == FALLBACK_FLOOR || this == FALLBACK_ALLOW || this == FALLBACK_DENY;
  }
}
