package io.leasehold.coordinator;

import java.util.Objects;

/**
 * One term of office of this node as coordinator leader.
 *
 * @param fencingToken the create revision of the leader key in etcd: strictly larger for every later
 *                     term of any node, so children can refuse grants from a deposed leader
 * @param leaderKey    the etcd key that holds the office for this term (guards fenced writes)
 * @param leaseId      the etcd lease the leader key is attached to
 */
public record LeaderTerm(long fencingToken, String leaderKey, long leaseId) {
  public LeaderTerm {
    if (fencingToken <= 0) {
      throw new IllegalArgumentException("fencingToken: " + fencingToken + " must be positive");
    }
    Objects.requireNonNull(leaderKey, "leaderKey");
  }
}
