package io.leasehold.edge.core;

/**
 * The full key of a lease-table entry: a rule id and a key value. Kept beside the entry for reports
 * and views; the table itself finds entries by their {@link KeyHash}.
 */
record EntryKey(String ruleId, String key) {
  @Override
  public String toString() {
    return ruleId + ":" + key;
  }
}
