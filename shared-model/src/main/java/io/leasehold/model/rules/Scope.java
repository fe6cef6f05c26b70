package io.leasehold.model.rules;

import java.util.Optional;

/** Where a rule's limit holds (DESIGN.md §1). */
public enum Scope {
  /** One quota across all regions (the default). */
  GLOBAL("global"),
  /** Each region enforces the full limit on its own. */
  REGION("region"),
  /** Each edge enforces the full limit locally; no leases, no parent. */
  EDGE("edge");

  private final String configName;

  Scope(String configName) {
    this.configName = configName;
  }

  /** The name used in rule configuration. */
  public String configName() {
    return configName;
  }

  public static Optional<Scope> fromConfigName(String name) {
    for (Scope value : values()) {
      if (value.configName.equals(name)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
