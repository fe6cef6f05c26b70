package io.leasehold.coordinator;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rule set as of one etcd revision: immutable, safe to share between threads.
 *
 * @param revision        the config revision: the etcd revision of the last change to the rule set
 *                        (0 when nothing was ever stored). Every tier reports the revision it enforces,
 *                        and {@link ConfigStore#replaceAll} takes it as its compare-and-swap guard.
 * @param rulesById       rule id to the rule's canonical JSON, sorted by id
 * @param modRevisionById rule id to the etcd mod revision of that rule: the guard for
 *                        {@link ConfigStore#put} and {@link ConfigStore#delete}
 */
public record ConfigSnapshot(long revision, Map<String, String> rulesById, Map<String, Long> modRevisionById) {
  private static final ConfigSnapshot EMPTY = new ConfigSnapshot(0, Map.of(), Map.of());

  public ConfigSnapshot {
    if (revision < 0) {
      throw new IllegalArgumentException("revision: " + revision + " is negative");
    }
    rulesById = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(rulesById, "rulesById")));
    modRevisionById = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(modRevisionById, "modRevisionById")));
    if (!rulesById.keySet().equals(modRevisionById.keySet())) {
      throw new IllegalArgumentException("modRevisionById: ids " + modRevisionById.keySet()
          + " differ from rulesById ids " + rulesById.keySet());
    }
  }

  /** Nothing stored yet: revision 0, no rules. */
  public static ConfigSnapshot empty() {
    return EMPTY;
  }

  /** The mod revision of rule {@code id}, or 0 when there is no such rule. */
  public long modRevision(String id) {
    Long rev = modRevisionById.get(id);
    return rev == null ? 0 : rev;
  }
}
