package io.leasehold.aggregator.core;

/** Why a sync plan's ops got no store results. */
public enum StoreOutcome {
  /**
   * The ops were never sent (the store's circuit is open): nothing was applied, so the usage and
   * returns they carried are kept and sent with the next call.
   */
  NOT_ATTEMPTED,
  /**
   * The call failed: its outcome is unknown, so the returns and usage it carried are dropped
   * rather than risk counting them twice (a lost take only wastes regional tokens).
   */
  FAILED
}
