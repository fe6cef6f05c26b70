package io.leasehold.sim.leasehold;

import io.leasehold.coordinator.core.PoolConfig;
import io.leasehold.coordinator.core.PoolSettings;
import io.leasehold.coordinator.core.QuotaRules;
import io.leasehold.edge.DecisionReason;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.model.alloc.DemandSettings;
import io.leasehold.sim.Decision;
import io.leasehold.sim.FaultEvent;
import io.leasehold.sim.SimContext;
import io.leasehold.sim.SimRequest;
import io.leasehold.sim.SimulatedSystem;
import io.leasehold.sim.SystemStats;
import io.leasehold.sim.engine.Simulator;
import io.leasehold.sim.net.Network;
import io.leasehold.sim.net.NodeAddress;
import io.leasehold.sim.net.Partition;
import io.leasehold.sim.scenario.Fault;
import io.leasehold.sim.scenario.RegionSpec;
import io.leasehold.sim.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Leasehold itself in the simulator: the production cores — one {@code LeaseTableLimiter} per edge,
 * one {@code RegionLeaser} per aggregator replica, one quota store per region (shared by its
 * replicas, as Redis is: the {@code InMemoryQuotaStore}, or the {@code RedisQuotaStore} on a real
 * redis-server, see {@link RegionStores}), and two coordinator {@code CentralPool}s (leader and standby) — wired
 * through the simulated network on the virtual clock, driven the way their shells drive them.
 *
 * <p>Faults map onto the deployment: a region partition cuts the region's aggregators from the
 * coordinators or from their store; an aggregator crash takes replicas down (their leaser state is
 * lost, the store survives); a Redis outage takes the store down; a coordinator failover crashes the
 * leader and, one etcd lease TTL later, the standby becomes leader with a larger fencing token; a
 * rule change updates the coordinators' config, which reaches regions and edges through the sync
 * responses (its propagation is measured per edge, {@link #configPropagationNanos()}).
 */
public final class LeaseholdSystem implements SimulatedSystem {
  public static final String NAME = "leasehold";
  private static final long INITIAL_REVISION = 1;
  private static final int CACHED_KEY_STRINGS = 1 << 16;

  private final boolean viaJson;
  private final RegionStores regionStores;
  private SimContext context;
  /** Each region's event loop (one shared loop unless the run has a lane per region). */
  private Simulator[] simulators;
  private Simulator coordinatorSimulator;
  private Network network;
  private Timing timing;
  /** Per region, like everything a region's requests and events touch: regions may run on different threads. */
  private Wire[] wires;
  private SimRules rules;
  private SimRules.RequestTemplate[] templates;
  private boolean[] keyed;
  private String[][] keyStrings;
  private SimRequestView[] views;
  private EdgeDecision[] decisions;

  private CoordinatorNode[] coordinators;
  private StoreNode[] stores;
  private AggregatorNode[][] aggregators;
  private EdgeNode[][] edges;
  private final Map<Fault, Partition> partitions = new IdentityHashMap<>();
  private Map<EdgeNode, List<SimRequest>>[] waiting;

  private PoolConfig poolConfig;
  private long revision = INITIAL_REVISION;
  private long fencingToken;
  private long ruleChangedAtNanos = -1;
  private final Set<EdgeNode> propagated = new HashSet<>();
  private final List<Long> propagationNanos = new ArrayList<>();
  private long[] unmatched;

  public LeaseholdSystem() {
    this(false);
  }

  /** @param viaJson round-trip every protocol message through the production JSON codec (debug mode, slower) */
  public LeaseholdSystem(boolean viaJson) {
    this(viaJson, RegionStores.IN_MEMORY);
  }

  /**
   * @param viaJson round-trip every protocol message through the production JSON codec (debug mode, slower)
   * @param regionStores where each region's quota store lives: {@link RegionStores#IN_MEMORY}, or a
   *     real redis-server per region ({@link io.leasehold.sim.leasehold.redis.RedisRegionStores})
   */
  public LeaseholdSystem(boolean viaJson, RegionStores regionStores) {
    this.viaJson = viaJson;
    this.regionStores = java.util.Objects.requireNonNull(regionStores, "regionStores");
  }

  @Override
  public String name() {
    return NAME;
  }

  /** In memory only: a region's store on redis-server is called through one blocking client thread. */
  @Override
  public boolean runsInLanes() {
    return regionStores == RegionStores.IN_MEMORY;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void start(SimContext ctx) {
    this.context = ctx;
    this.network = ctx.network();
    Scenario scenario = ctx.scenario();
    int regionCount = scenario.regionCount();
    this.simulators = new Simulator[regionCount];
    this.wires = new Wire[regionCount];
    this.keyStrings = new String[regionCount][];
    this.views = new SimRequestView[regionCount];
    this.decisions = new EdgeDecision[regionCount];
    this.waiting = new Map[regionCount];
    this.unmatched = new long[regionCount];
    for (int r = 0; r < regionCount; r++) {
      simulators[r] = ctx.simulator(r);
      wires[r] = new Wire(viaJson);
      keyStrings[r] = new String[CACHED_KEY_STRINGS];
      views[r] = new SimRequestView();
      decisions[r] = new EdgeDecision();
      waiting[r] = new HashMap<>();
    }
    this.coordinatorSimulator = simulators[scenario.coordinatorRegion()];
    this.timing = Timing.of(scenario);
    this.rules = SimRules.of(scenario.rules());
    int ruleCount = scenario.ruleLimits().size();
    this.templates = new SimRules.RequestTemplate[ruleCount];
    this.keyed = new boolean[ruleCount];
    for (int i = 0; i < ruleCount; i++) {
      templates[i] = rules.template(i);
      keyed[i] = scenario.ruleLimits().get(i).keyed();
    }
    List<String> regionNames = scenario.regions().stream().map(RegionSpec::name).toList();
    poolConfig = PoolConfig.of(revision, rules.document(), QuotaRules.of(rules.rules()));

    coordinators = new CoordinatorNode[2];
    for (int i = 0; i < coordinators.length; i++) {
      String id = "coordinator-" + i;
      PoolSettings settings = new PoolSettings(id, PoolSettings.defaults(id).grantTtl(), timing.regionInterval(),
          Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofNanos(timing.callTimeoutNanos()),
          Set.copyOf(regionNames), 10_000, DemandSettings.REGION);
      coordinators[i] = new CoordinatorNode(network, network.addNode(id, scenario.coordinatorRegion()), settings,
          coordinatorSimulator.clock(), wires[scenario.coordinatorRegion()], poolConfig, this::leader);
    }
    coordinators[0].pool().becomeLeader(++fencingToken);
    List<NodeAddress> coordinatorAddresses = List.of(coordinators[0].address(), coordinators[1].address());

    stores = new StoreNode[regionCount];
    aggregators = new AggregatorNode[regionCount][];
    edges = new EdgeNode[regionCount][];
    for (int r = 0; r < regionCount; r++) {
      RegionSpec region = scenario.regions().get(r);
      Simulator simulator = simulators[r];
      Wire wire = wires[r];
      stores[r] = new StoreNode(network, network.addNode("redis-" + region.name(), r),
          regionStores.open(region.name(), simulator.clock()));
      int replicas = Math.max(1, region.aggregators());
      aggregators[r] = new AggregatorNode[replicas];
      List<NodeAddress> replicaAddresses = new ArrayList<>();
      for (int a = 0; a < replicas; a++) {
        NodeAddress address = network.addNode("aggregator-" + region.name() + "-" + a, r);
        aggregators[r][a] = new AggregatorNode(simulator, network, wire, timing, address, stores[r].address(),
            coordinatorAddresses, region.name(), regionNames, a, replicas, rules.document(),
            ctx.rngs().stream("leasehold/aggregator/" + region.name() + "/" + a));
        replicaAddresses.add(address);
      }
      edges[r] = new EdgeNode[region.edges()];
      SplittableRandom timers = ctx.rngs().stream("leasehold/edge-timers/" + region.name());
      long interval = timing.edgeInterval().toNanos();
      long jitter = Math.min(interval - 1, (long) (interval * timing.jitter()));
      for (int e = 0; e < region.edges(); e++) {
        String id = "edge-" + region.name() + "-" + e;
        EdgeSettings settings = EdgeSettings.builder(id)
            .region(region.name())
            .syncInterval(timing.edgeInterval())
            .minEarlySyncGap(min(Duration.ofMillis(20), timing.edgeInterval()))
            .build();
        EdgeNode edge = new EdgeNode(simulator, network, wire, network.addNode(id, r), replicaAddresses, e,
            settings, rules.rules(), revision, ctx.rngs().stream("leasehold/edge-key-hash/" + id),
            timing.callTimeoutNanos(), this::edgeRevision, this::syncEnded);
        edges[r][e] = edge;
        simulator.every(timers.nextLong(interval), interval, jitter, timers, edge::sync);
      }
    }
  }

  /** The coordinator that leads now, if any (what the etcd election tells a standby). */
  private CoordinatorNode leader() {
    for (CoordinatorNode coordinator : coordinators) {
      if (coordinator.isLeader()) {
        return coordinator;
      }
    }
    return null;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  // ------------------------------------------------------------------ decisions

  @Override
  public Decision decide(SimRequest r) {
    int region = r.region();
    EdgeNode edge = edges[region][r.edge()];
    EdgeDecision d = edge.decide(views[region].set(templates[r.rule()], key(r)), r.cost(), true, decisions[region]);
    switch (d.outcome()) {
      case ALLOWED:
        if (d.reason() == DecisionReason.NO_MATCH) {
          unmatched[region]++;
        }
        return Decision.ADMIT;
      case DENIED:
        return Decision.REJECT;
      default:
        waiting[region].computeIfAbsent(edge, k -> new ArrayList<>()).add(r);
        Simulator simulator = simulators[region];
        simulator.schedule(Math.max(simulator.now(), d.waitDeadlineNanos()), (now, arg) -> redecide(edge), 0L);
        return Decision.PENDING;
    }
  }

  private String key(SimRequest r) {
    if (!keyed[r.rule()]) {
      return "-";
    }
    long key = r.key();
    if (key < CACHED_KEY_STRINGS) {
      String[] cache = keyStrings[r.region()];
      String cached = cache[(int) key];
      if (cached == null) {
        cached = "k" + key;
        cache[(int) key] = cached;
      }
      return cached;
    }
    return "k" + key;
  }

  private void syncEnded(EdgeNode edge) {
    if (!waiting[edge.address().region()].isEmpty()) {
      redecide(edge);
    }
  }

  /**
   * Requests held for a first lease or a thin share's next lease decide again: on each sync of
   * their edge, and at their deadline.
   */
  private void redecide(EdgeNode edge) {
    int region = edge.address().region();
    List<SimRequest> held = waiting[region].remove(edge);
    if (held == null) {
      return;
    }
    SimRequestView view = views[region];
    EdgeDecision decision = decisions[region];
    List<SimRequest> still = new ArrayList<>();
    for (SimRequest r : held) {
      boolean pastDeadline = false;
      EdgeDecision d = edge.decideHeld(view.set(templates[r.rule()], key(r)), r.cost(), true, decision);
      if (d.outcome() == EdgeDecision.Outcome.PENDING && simulators[region].now() >= d.waitDeadlineNanos()) {
        pastDeadline = true;
        d = edge.decideHeld(view.set(templates[r.rule()], key(r)), r.cost(), false, decision);
      }
      if (d.outcome() == EdgeDecision.Outcome.PENDING && !pastDeadline) {
        still.add(r);
      } else {
        context.complete(r, d.allowed());
      }
    }
    if (!still.isEmpty()) {
      waiting[region].put(edge, still);
    }
  }

  // ------------------------------------------------------------------ faults

  @Override
  public void onFault(FaultEvent event) {
    boolean begins = event.phase() == FaultEvent.Phase.BEGIN;
    Fault fault = event.fault();
    if (fault instanceof Fault.RegionPartition p) {
      if (begins) {
        List<NodeAddress> side = replicaAddresses(p.region());
        List<NodeAddress> other = p.from() == Fault.PartitionTarget.COORDINATOR
            ? Arrays.stream(coordinators).map(CoordinatorNode::address).toList()
            : List.of(stores[p.region()].address());
        partitions.put(fault, network.cut(side, other, "region " + p.region() + " / " + p.from()));
      } else {
        Partition partition = partitions.remove(fault);
        if (partition != null) {
          partition.heal();
        }
      }
    } else if (fault instanceof Fault.AggregatorCrash crash) {
      AggregatorNode[] replicas = aggregators[crash.region()];
      for (int a = 0; a < Math.min(crash.replicas(), replicas.length); a++) {
        if (begins) {
          replicas[a].crash();
        } else {
          replicas[a].restart();
        }
      }
    } else if (fault instanceof Fault.RedisOutage outage) {
      network.setDown(stores[outage.region()].address(), begins);
    } else if (fault instanceof Fault.CoordinatorFailover && begins) {
      failover();
    } else if (fault instanceof Fault.RuleChange change && begins) {
      changeRules(change);
    }
    // key floods are traffic only: the runner sends them
  }

  private List<NodeAddress> replicaAddresses(int region) {
    return Arrays.stream(aggregators[region]).map(AggregatorNode::address).toList();
  }

  /** The leader crashes; one etcd lease TTL later the standby wins the election and the old leader is back as a standby. */
  private void failover() {
    CoordinatorNode leader = coordinators[0].isLeader() ? coordinators[0] : coordinators[1];
    CoordinatorNode standby = leader == coordinators[0] ? coordinators[1] : coordinators[0];
    if (!leader.isLeader()) {
      return; // an election is already under way
    }
    leader.crash();
    coordinatorSimulator.scheduleAfter(timing.electionDelay().toNanos(), (now, arg) -> {
      standby.pool().becomeLeader(++fencingToken);
      leader.restart(poolConfig);
    }, 0L);
  }

  private void changeRules(Fault.RuleChange change) {
    SimRules next = SimRules.of(change.rules());
    for (int i = 0; i < templates.length; i++) {
      SimRules.RequestTemplate t = next.template(i);
      if (!t.method().equals(templates[i].method()) || !t.path().equals(templates[i].path())) {
        throw new IllegalArgumentException("rule_change: rule " + t.ruleId()
            + ": its match changes; the simulator's traffic follows the original match, so keep it");
      }
    }
    revision++;
    poolConfig = PoolConfig.of(revision, next.document(), QuotaRules.of(next.rules()));
    for (CoordinatorNode coordinator : coordinators) {
      coordinator.applyConfig(poolConfig);
    }
    ruleChangedAtNanos = coordinatorSimulator.now();
    propagated.clear();
  }

  /** From the edge's lane: edges of different regions may report at once. */
  private synchronized void edgeRevision(EdgeNode edge, long edgeRevision) {
    if (edgeRevision == revision && ruleChangedAtNanos >= 0 && propagated.add(edge)) {
      propagationNanos.add(simulators[edge.address().region()].now() - ruleChangedAtNanos);
    }
  }

  // ------------------------------------------------------------------ results

  @Override
  public SystemStats stats() {
    long storeOps = 0;
    for (StoreNode store : stores) {
      storeOps += store.operations();
    }
    long controlMessages = 0;
    for (Wire wire : wires) {
      controlMessages += wire.controlMessages();
    }
    return new SystemStats(controlMessages, storeOps);
  }

  /**
   * For the latest rule change: per edge that enforces it, the virtual time from the change at the
   * coordinator until the edge applied it, in order of arrival. Edges that never got it are missing
   * (compare the size with {@link #edgeCount()}).
   */
  public List<Long> configPropagationNanos() {
    return List.copyOf(propagationNanos);
  }

  public int edgeCount() {
    int n = 0;
    for (EdgeNode[] region : edges) {
      n += region.length;
    }
    return n;
  }

  /** Requests no rule matched (admitted without limiting); 0 unless the request templates are wrong. */
  public long unmatchedRequests() {
    long n = 0;
    for (long u : unmatched) {
      n += u;
    }
    return n;
  }

  AggregatorNode aggregator(int region, int replica) {
    return aggregators[region][replica];
  }

  EdgeNode edge(int region, int index) {
    return edges[region][index];
  }

  CoordinatorNode coordinator(int index) {
    return coordinators[index];
  }

  /** The rules revision the coordinators hold. */
  public long configRevision() {
    return revision;
  }
}
