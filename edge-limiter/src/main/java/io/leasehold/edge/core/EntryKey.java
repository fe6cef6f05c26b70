package io.leasehold.edge.core;

/**
 * Key of the lease table: a rule id and a key value. Mutable only so that a deciding thread can
 * look entries up through its own reusable probe without allocating; a key stored in the table is
 * a {@link #copy()} and is never changed afterwards.
 */
final class EntryKey {
  private String ruleId;
  private String key;
  private int hash;

  EntryKey() {}

  EntryKey(String ruleId, String key) {
    set(ruleId, key);
  }

  /** Points this probe at another key; never call on a stored key. */
  EntryKey set(String ruleId, String key) {
    this.ruleId = ruleId;
    this.key = key;
    this.hash = ruleId.hashCode() * 31 + key.hashCode();
    return this;
  }

  EntryKey copy() {
    return new EntryKey(ruleId, key);
  }

  String ruleId() {
    return ruleId;
  }

  String key() {
    return key;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryKey other && hash == other.hash && key.equals(other.key) && ruleId.equals(other.ruleId);
  }

  @Override
  public String toString() {
    return ruleId + ":" + key;
  }
}
