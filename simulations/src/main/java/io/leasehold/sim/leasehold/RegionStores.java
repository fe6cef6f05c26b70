package io.leasehold.sim.leasehold;

import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.store.InMemoryQuotaStore;
import io.leasehold.model.time.Clock;

/**
 * Where each simulated region keeps its quota store (what Redis is in production): the in-memory
 * store by default, or the production Redis store on a real {@code redis-server} per region
 * ({@link io.leasehold.sim.leasehold.redis.RedisRegionStores}, {@code leasehold simulate --redis}).
 *
 * <p>The simulator calls a store from its own thread and waits for each call, with virtual time
 * standing still, so a store may complete its futures later, on any thread.
 */
public interface RegionStores {

  /** The production {@link InMemoryQuotaStore} on the run's virtual clock. */
  RegionStores IN_MEMORY = new RegionStores() {
    @Override
    public QuotaStore open(String region, Clock clock) {
      return new InMemoryQuotaStore(clock);
    }

    @Override
    public String describe() {
      return "in-memory store per region";
    }
  };

  /**
   * A fresh, empty store for {@code region} for one run, whose buckets refill on {@code clock}
   * (the run's virtual clock).
   */
  QuotaStore open(String region, Clock clock);

  /** One line for the run's header, e.g. {@code "redis-server per region"}. */
  String describe();
}
