package io.leasehold.edge.core;

import io.leasehold.edge.DecisionReason;

/** How one quota decides at the moment; transitions happen lazily when a quota is touched. */
enum QuotaMode {
  LOCAL(DecisionReason.LOCAL),
  LEASED(DecisionReason.LEASE),
  STARTER(DecisionReason.STARTER),
  WAITING(DecisionReason.WAITING),
  FALLBACK_FLOOR(DecisionReason.FALLBACK_FLOOR),
  FALLBACK_ALLOW(DecisionReason.FALLBACK_ALLOW),
  FALLBACK_DENY(DecisionReason.FALLBACK_DENY);

  final DecisionReason reason;

  QuotaMode(DecisionReason reason) {
    this.reason = reason;
  }

  boolean isFallback() {
    return reason.isFallback();
  }
}
