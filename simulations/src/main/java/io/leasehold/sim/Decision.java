package io.leasehold.sim;

/**
 * What a system answers when a request arrives: admitted or rejected now, or {@code PENDING} when
 * the decision takes time (a remote store round trip) and arrives later via {@link
 * SimContext#complete}.
 */
public enum Decision {
  ADMIT,
  REJECT,
  PENDING
}
