package io.leasehold.sim.leasehold;

import io.leasehold.aggregator.AggregatorConfigException;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.core.AppliedRegionSync;
import io.leasehold.aggregator.core.LeaserSettings;
import io.leasehold.aggregator.core.RegionLeaser;
import io.leasehold.aggregator.core.RegionReport;
import io.leasehold.aggregator.core.RegionSyncCadence;
import io.leasehold.aggregator.core.StoreOutcome;
import io.leasehold.aggregator.core.SyncPlan;
import io.leasehold.aggregator.http.RuleDocumentCompiler;
import io.leasehold.aggregator.redis.BreakerSettings;
import io.leasehold.aggregator.redis.CircuitBreaker;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.time.Clock;
import io.leasehold.sim.engine.Simulator;
import io.leasehold.sim.net.Network;
import io.leasehold.sim.net.NodeAddress;
import io.leasehold.sim.net.RequestHandler;
import io.leasehold.sim.net.ResponseHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One aggregator replica: the production {@link RegionLeaser} driven the way its shell drives it
 * ({@code AggregatorVerticle}, {@code StoreBatcher}, {@code CoordinatorLink}): an edge sync is
 * planned, its store ops go to the region's store node, and the answer completes it, or, when the
 * call fails or the circuit breaker (the production one) is open, it completes without the store
 * from the bounded emergency share. A region-sync loop reports to the coordinator every interval and
 * backs off after failures (×2 up to 10 s) like the shell. A crash loses the leaser; a restart
 * starts a fresh one from the rules file (revision 1) and syncs with the coordinator at once.
 */
final class AggregatorNode implements RequestHandler {
  private static final long FILE_RULES_REVISION = 1;
  /** Shell wall-clock seeding of lease epochs (µs since the epoch); replica i is taken to start i ms later. */
  private static final long WALL_MILLIS_AT_ZERO = 1_700_000_000_000L;

  private final Simulator simulator;
  private final Network network;
  private final Clock clock;
  private final Wire wire;
  private final Timing timing;
  private final NodeAddress address;
  private final NodeAddress store;
  private final List<NodeAddress> coordinators;
  private final LeaserSettings baseSettings;
  private final int replicaIndex;
  private final RuleDocumentCompiler compiler;
  private final String initialRules;
  private final SplittableRandom rng;
  private final Map<Long, PendingStoreCall> storeCalls = new HashMap<>();
  private final ResponseHandler storeAnswers = new StoreAnswers();
  private final ResponseHandler coordinatorAnswers = new CoordinatorAnswers();

  private RegionLeaser leaser;
  private CircuitBreaker breaker;
  private boolean down;
  private long generation;
  private long nextTag;
  private int coordinatorTarget;
  private int failures;
  private RegionReport reportInFlight;

  private record PendingStoreCall(SyncPlan plan, long replyToken) {}

  AggregatorNode(Simulator simulator, Network network, Wire wire, Timing timing, NodeAddress address,
      NodeAddress store, List<NodeAddress> coordinators, String region, List<String> regions, int replicaIndex,
      int replicas, String rulesDocument, SplittableRandom rng) {
    this.simulator = simulator;
    this.network = network;
    this.clock = simulator.clock();
    this.wire = wire;
    this.timing = timing;
    this.address = address;
    this.store = store;
    this.coordinators = List.copyOf(coordinators);
    this.replicaIndex = replicaIndex;
    this.compiler = new RuleDocumentCompiler(region, regions);
    this.initialRules = rulesDocument;
    this.rng = rng;
    this.baseSettings = LeaserSettings.defaults(region, address.name())
        .withCoordinated(true)
        .withEmergencyPermille(1000 / replicas)
        .withLeaseTiming(timing.leaseTtl(), timing.prefetchHorizon(), timing.edgeInterval());
    network.serve(address, this);
    start();
  }

  NodeAddress address() {
    return address;
  }

  RegionLeaser leaser() {
    return leaser;
  }

  boolean isDown() {
    return down;
  }

  void crash() {
    down = true;
    generation++;
    network.setDown(address, true);
    storeCalls.clear();
    leaser = null;
    reportInFlight = null;
  }

  void restart() {
    if (!down) {
      return;
    }
    down = false;
    network.setDown(address, false);
    start();
  }

  private void start() {
    long epochSeed = (WALL_MILLIS_AT_ZERO + clock.nanos() / 1_000_000L + replicaIndex) * 1000L;
    leaser = new RegionLeaser(baseSettings.withEpochSeed(epochSeed), clock);
    leaser.updateRules(compiler.compile(initialRules), FILE_RULES_REVISION, Optional.of(initialRules));
    breaker = new CircuitBreaker(BreakerSettings.DEFAULTS, clock);
    failures = 0;
    scheduleRegionSync(1_000_000L); // the shell's first round goes out after 1 ms
    scheduleHousekeeping();
  }

  // ------------------------------------------------------------------ edge syncs

  @Override
  public void onRequest(NodeAddress from, Object request, long replyToken) {
    if (down) {
      return;
    }
    SyncPlan plan = leaser.plan((EdgeSyncRequest) request);
    if (plan.ops().isEmpty()) {
      answerEdge(replyToken, leaser.complete(plan, List.of()));
    } else if (!breaker.tryAcquire()) {
      answerEdge(replyToken, leaser.completeWithoutStore(plan, StoreOutcome.NOT_ATTEMPTED));
    } else {
      long tag = nextTag++;
      storeCalls.put(tag, new PendingStoreCall(plan, replyToken));
      network.call(address, store, plan.ops(), timing.storeTimeoutNanos(), storeAnswers, tag);
    }
  }

  private void answerEdge(long replyToken, EdgeSyncResponse response) {
    network.reply(replyToken, wire.carry(response, EdgeSyncResponse.class));
  }

  private final class StoreAnswers implements ResponseHandler {
    @Override
    @SuppressWarnings("unchecked")
    public void onResponse(long tag, Object response) {
      PendingStoreCall call = storeCalls.remove(tag);
      if (call == null) {
        return; // crashed meanwhile
      }
      breaker.onSuccess();
      answerEdge(call.replyToken(), leaser.complete(call.plan(), (List<StoreResult>) response));
    }

    @Override
    public void onTimeout(long tag) {
      PendingStoreCall call = storeCalls.remove(tag);
      if (call == null) {
        return;
      }
      breaker.onFailure();
      answerEdge(call.replyToken(), leaser.completeWithoutStore(call.plan(), StoreOutcome.FAILED));
    }
  }

  // ------------------------------------------------------------------ coordinator loop

  private void scheduleRegionSync(long delayNanos) {
    simulator.scheduleAfter(timing.jittered(delayNanos, rng), (now, gen) -> {
      if (gen == generation && !down) {
        regionRound();
      }
    }, generation);
  }

  private void scheduleHousekeeping() {
    simulator.scheduleAfter(1_000_000_000L, (now, gen) -> {
      if (gen == generation && !down) {
        leaser.tick();
        scheduleHousekeeping();
      }
    }, generation);
  }

  private void regionRound() {
    RegionReport report = leaser.regionReport();
    reportInFlight = report;
    network.call(address, coordinators.get(coordinatorTarget),
        wire.carry(report.request(), RegionSyncRequest.class), timing.callTimeoutNanos(), coordinatorAnswers,
        generation);
  }

  private final class CoordinatorAnswers implements ResponseHandler {
    @Override
    public void onResponse(long gen, Object response) {
      if (gen != generation || down || reportInFlight == null) {
        return;
      }
      RegionReport report = reportInFlight;
      reportInFlight = null;
      if (!(response instanceof RegionSyncResponse answer)) {
        failed();
        return;
      }
      AppliedRegionSync applied = leaser.apply(answer, report.sentAtNanos());
      if (!applied.accepted()) {
        failed();
        return;
      }
      failures = 0;
      applied.newConfig().ifPresent(document -> newRules(document, applied.newConfigRevision()));
      scheduleRegionSync(RegionSyncCadence.afterAnswerNanos(answer.nextSyncMillis(), timing.regionInterval().toNanos()));
    }

    @Override
    public void onTimeout(long gen) {
      if (gen != generation || down) {
        return;
      }
      reportInFlight = null;
      failed();
    }
  }

  /** The shell's backoff ({@link RegionSyncCadence#afterFailureNanos}); then the other coordinator. */
  private void failed() {
    failures = Math.min(failures + 1, 20);
    coordinatorTarget = (coordinatorTarget + 1) % coordinators.size();
    scheduleRegionSync(RegionSyncCadence.afterFailureNanos(failures, timing.regionInterval().toNanos()));
  }

  private void newRules(String document, long revision) {
    try {
      leaser.updateRules(compiler.compile(document), revision, Optional.of(document));
    } catch (AggregatorConfigException e) {
      // the shell keeps the rules in force and counts the rejection; so does the simulation
    }
  }
}
