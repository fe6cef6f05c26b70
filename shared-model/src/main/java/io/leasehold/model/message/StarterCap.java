package io.leasehold.model.message;

import java.util.Objects;

/**
 * The most starter tokens an edge may give a key of {@code ruleId} that it holds no lease for,
 * whatever the rule configures: the aggregator's share of the region's capacity for a new key
 * divided among the edges it serves, so that the fleet's starter admissions together stay within
 * what the region's bucket pays back (protocol.md, "Starter allowances"). 0: such keys wait for
 * their first lease instead.
 *
 * @param ruleId a rule with {@code unseen_key: starter}
 * @param tokens the cap, tokens; rules the response does not list are uncapped
 */
public record StarterCap(String ruleId, long tokens) {

  public StarterCap {
    Objects.requireNonNull(ruleId, "ruleId");
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens: " + tokens + ": must be >= 0");
    }
  }
}
