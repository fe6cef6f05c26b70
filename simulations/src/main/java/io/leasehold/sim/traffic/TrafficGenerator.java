package io.leasehold.sim.traffic;

import io.leasehold.sim.engine.Rngs;
import io.leasehold.sim.scenario.Fault;
import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.TrafficSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Open-loop traffic, generated one tick (default 1 ms) at a time rather than one event per request:
 * per stream, the tick's arrival count is drawn (Poisson with mean rate × tick, or the integrated
 * rate with fractions carried over for constant spacing), each request gets its key, edge and cost,
 * and the requests of all streams are shuffled and spread evenly over the tick.
 *
 * <p>Why ticks: 5 regions × 50 k req/s is 250 k arrivals per virtual second; one queue event each
 * would dominate the run. Within a tick the Poisson process is approximated by a uniform spread,
 * which is exact in distribution for the count and off by under one tick in timing — far below
 * the 100 ms resolution of every metric. The shuffle keeps any region from always going first.
 *
 * <p>Each stream draws from its own named random stream, so the traffic depends only on the seed
 * and the scenario — never on which system is being simulated.
 */
public final class TrafficGenerator {
  /** First key index of key-flood keys: far above any scenario key space, one 2^33 block per flood. */
  public static final long FLOOD_KEY_BASE = 1L << 40;

  private final long tickNanos;
  private final List<Stream> streams = new ArrayList<>();
  private final int[] edgesPerRegion;
  private final SplittableRandom shuffle;

  public TrafficGenerator(Scenario scenario, Rngs rngs) {
    this.tickNanos = scenario.tickNanos();
    this.edgesPerRegion = scenario.regions().stream().mapToInt(r -> r.edges()).toArray();
    this.shuffle = rngs.stream("traffic/shuffle");
    List<TrafficSpec> traffic = scenario.traffic();
    for (int i = 0; i < traffic.size(); i++) {
      TrafficSpec spec = traffic.get(i);
      boolean keyed = scenario.ruleLimits().get(spec.rule()).keyed();
      streams.add(new Stream(spec.region(), spec.rule(), spec.shape(), spec.arrival(),
          keyed ? spec.keys().sampler() : null, keyed ? spec.keys().offset() : 0,
          spec.costMin(), spec.costMax(), 0, Long.MAX_VALUE, rngs.stream("traffic/" + i)));
    }
    int flood = 0;
    for (Fault fault : scenario.faults()) {
      if (fault instanceof Fault.KeyFlood f) {
        streams.add(new Stream(f.region(), f.rule(), new RateShape.Constant(f.rps()),
            TrafficSpec.Arrival.POISSON, new UniformKeySampler(f.distinctKeys()),
            FLOOD_KEY_BASE + ((long) flood << 33), 1, 1, f.atNanos(), f.untilNanos(),
            rngs.stream("traffic/flood/" + flood)));
        flood++;
      }
    }
  }

  public long tickNanos() {
    return tickNanos;
  }

  /** Fills {@code batch} with the requests arriving in {@code [tickStart, tickStart + tick)}. */
  public void fill(long tickStartNanos, RequestBatch batch) {
    batch.reset(tickStartNanos, tickNanos);
    double midSeconds = (tickStartNanos + tickNanos / 2.0) / 1e9;
    double tickSeconds = tickNanos / 1e9;
    for (Stream s : streams) {
      if (tickStartNanos < s.fromNanos || tickStartNanos >= s.untilNanos) {
        continue;
      }
      double mean = s.shape.rateAt(midSeconds) * tickSeconds;
      long n;
      if (s.arrival == TrafficSpec.Arrival.POISSON) {
        n = PoissonSampler.sample(s.rng, mean);
      } else {
        s.carry += mean;
        n = (long) s.carry;
        s.carry -= n;
      }
      int edges = edgesPerRegion[s.region];
      for (long k = 0; k < n; k++) {
        long key = s.keys == null ? 0 : s.keyOffset + s.keys.sample(s.rng);
        int edge = edges == 1 ? 0 : s.rng.nextInt(edges);
        int cost = s.costMin == s.costMax ? s.costMin : s.costMin + s.rng.nextInt(s.costMax - s.costMin + 1);
        batch.add(s.region, edge, s.rule, key, cost);
      }
    }
    int[] order = batch.orderArray();
    for (int i = batch.size() - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  private static final class Stream {
    final int region;
    final int rule;
    final RateShape shape;
    final TrafficSpec.Arrival arrival;
    final KeySampler keys;
    final long keyOffset;
    final int costMin;
    final int costMax;
    final long fromNanos;
    final long untilNanos;
    final SplittableRandom rng;
    double carry;

    Stream(int region, int rule, RateShape shape, TrafficSpec.Arrival arrival, KeySampler keys,
        long keyOffset, int costMin, int costMax, long fromNanos, long untilNanos, SplittableRandom rng) {
      this.region = region;
      this.rule = rule;
      this.shape = shape;
      this.arrival = arrival;
      this.keys = keys;
      this.keyOffset = keyOffset;
      this.costMin = costMin;
      this.costMax = costMax;
      this.fromNanos = fromNanos;
      this.untilNanos = untilNanos;
      this.rng = rng;
    }
  }
}
