package io.leasehold.coordinator;

import java.util.List;
import java.util.Objects;

/**
 * What became of a write to the {@link ConfigStore}. Expected outcomes are values, not exceptions;
 * the admin API maps them to HTTP statuses (noted on each case).
 */
public sealed interface ConfigWriteResult {

  /** Stored (200/201). {@code revision} is the new config revision, and the written rule's mod revision. */
  record Applied(long revision) implements ConfigWriteResult {}

  /** The validator refused the resulting rule set; nothing was written (400, listing every problem). */
  record Rejected(List<ConfigProblem> problems) implements ConfigWriteResult {
    public Rejected {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("problems: a rejection needs at least one problem");
      }
    }
  }

  /**
   * The expected revision no longer holds; nothing was written (409). {@code currentRevision} is what
   * the guard found: the rule's mod revision (0 when it does not exist) for a single-rule write, the
   * config revision for {@link ConfigStore#replaceAll}.
   */
  record Stale(long currentRevision) implements ConfigWriteResult {}

  /** The rule to delete does not exist (404). */
  record NotFound(String id) implements ConfigWriteResult {
    public NotFound {
      Objects.requireNonNull(id, "id");
    }
  }

  /** etcd did not answer in time or refused the request; nothing is known to be written (503). */
  record Unavailable(String reason) implements ConfigWriteResult {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
