package io.leasehold.model.rules;

import java.util.Optional;

/** What a quota does when its lease expired and the parent is unreachable (DESIGN.md invariant 4). */
public enum OnUnavailable {
  /** Enforce the guaranteed share (the default). */
  FLOOR("floor"),
  /** Fail open. */
  ALLOW("allow"),
  /** Fail closed. */
  DENY("deny");

  private final String configName;

  OnUnavailable(String configName) {
    this.configName = configName;
  }

  /** The name used in rule configuration. */
  public String configName() {
    return configName;
  }

  public static Optional<OnUnavailable> fromConfigName(String name) {
    for (OnUnavailable value : values()) {
      if (value.configName.equals(name)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
