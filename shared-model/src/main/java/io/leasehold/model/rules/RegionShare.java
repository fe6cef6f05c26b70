package io.leasehold.model.rules;

import java.util.Optional;

/** How a per-key quota of a global rule is split between regions before the key turns hot. */
public enum RegionShare {
  /** Equal shares (the default). */
  EQUAL("equal"),
  /** In proportion to the rule's {@code region_weights}. */
  WEIGHTS("weights"),
  /** In proportion to each region's measured share of the rule's traffic. */
  TRAFFIC("traffic");

  private final String configName;

  RegionShare(String configName) {
    this.configName = configName;
  }

  /** The name used in rule configuration. */
  public String configName() {
    return configName;
  }

  public static Optional<RegionShare> fromConfigName(String name) {
    for (RegionShare value : values()) {
      if (value.configName.equals(name)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
