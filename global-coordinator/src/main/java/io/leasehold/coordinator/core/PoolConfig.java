package io.leasehold.coordinator.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules the pool enforces, at a config store revision.
 *
 * @param revision the store revision of the rules (0: none yet)
 * @param document the rules document at {@code revision}, relayed to regions whose revision is
 *     older; empty when there is none
 * @param rules the {@code scope: global} rules, projected for allocation
 */
public record PoolConfig(long revision, Optional<String> document, List<QuotaRule> rules) {

  public static final PoolConfig EMPTY = new PoolConfig(0, Optional.empty(), List.of());

  public PoolConfig {
    Objects.requireNonNull(document, "document");
    rules = List.copyOf(rules);
    if (revision < 0) {
      throw new IllegalArgumentException("revision: " + revision + ": must be >= 0");
    }
  }

  public static PoolConfig of(long revision, String document, List<QuotaRule> rules) {
    return new PoolConfig(revision, Optional.of(document), rules);
  }
}
