package io.leasehold.coordinator;

import java.util.Objects;

/**
 * Who leads, as observed through the election (possibly another node).
 *
 * @param advertisedUrl the URL the leader advertised, where standbys forward region syncs
 * @param fencingToken  the leader's fencing token (its leader key's create revision)
 */
public record LeaderInfo(String advertisedUrl, long fencingToken) {
  public LeaderInfo {
    Objects.requireNonNull(advertisedUrl, "advertisedUrl");
  }
}
