package io.leasehold.coordinator;

import java.util.Objects;

/** What became of a write guarded by a {@link LeaderTerm}. */
public sealed interface FencedWriteResult {

  /** Written at etcd revision {@code revision}. */
  record Written(long revision) implements FencedWriteResult {}

  /** The term is over (the leader key is gone or belongs to a later term); nothing was written. */
  record Fenced(long fencingToken) implements FencedWriteResult {}

  /** etcd did not answer in time or refused the request; nothing is known to be written. */
  record Unavailable(String reason) implements FencedWriteResult {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
