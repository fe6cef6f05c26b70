package io.leasehold.aggregator.store;

import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.QuotaStoreContract;
import io.leasehold.model.time.ManualClock;
import java.time.Duration;

class InMemoryQuotaStoreContractTest extends QuotaStoreContract {
  private final ManualClock clock = new ManualClock(1_000_000_000L);
  private final InMemoryQuotaStore store = new InMemoryQuotaStore(clock);

  @Override
  protected QuotaStore store() {
    return store;
  }

  @Override
  protected void elapse(Duration d) {
    clock.advance(d);
  }

  @Override
  protected Duration timingSlack() {
    return Duration.ZERO;
  }
}
