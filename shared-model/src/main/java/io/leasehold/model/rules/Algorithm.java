package io.leasehold.model.rules;

import java.util.Optional;

/** How a {@link Limit} counts. */
public enum Algorithm {
  /** Refills continuously at the rate, up to the burst (the default). */
  TOKEN_BUCKET("token_bucket"),
  /** Counts admissions over a window of one period; the burst must equal the rate's tokens. */
  SLIDING_WINDOW("sliding_window");

  private final String configName;

  Algorithm(String configName) {
    this.configName = configName;
  }

  /** The name used in rule configuration. */
  public String configName() {
    return configName;
  }

  public static Optional<Algorithm> fromConfigName(String name) {
    for (Algorithm value : values()) {
      if (value.configName.equals(name)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
