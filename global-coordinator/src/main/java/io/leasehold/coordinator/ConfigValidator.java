package io.leasehold.coordinator;

import java.util.List;
import java.util.Map;

/**
 * Decides whether a complete rule set may be stored. The {@link ConfigStore} calls it with the set
 * that a write <em>would</em> produce (every stored rule, with the write applied), so cross-rule
 * checks such as duplicate matches see the whole picture.
 *
 * <p>Must be pure and thread-safe; it runs on the store's own thread, never on an event loop.
 */
@FunctionalInterface
public interface ConfigValidator {

  /**
   * @param rulesById every rule of the resulting set: id to the rule's canonical JSON
   * @return the problems found; empty when the set may be stored
   */
  List<ConfigProblem> validate(Map<String, String> rulesById);

  /** Accepts everything: for tools that only read, and for tests of the store itself. */
  static ConfigValidator acceptAll() {
    return rules -> List.of();
  }
}
