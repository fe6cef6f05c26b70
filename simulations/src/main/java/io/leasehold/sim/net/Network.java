package io.leasehold.sim.net;

import io.leasehold.sim.engine.EventHandler;
import io.leasehold.sim.engine.Lanes;
import io.leasehold.sim.engine.Rngs;
import io.leasehold.sim.engine.Simulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * In-memory network in virtual time: nodes, per-link latency/jitter/loss, partitions, node crashes,
 * one-way messages and request/response calls with client-side timeouts.
 *
 * <p>Link profiles are set per region pair (intra-region on the diagonal) and may be overridden per
 * node pair. Loss is drawn when a message is sent; partitions and node liveness are checked both
 * when it is sent and when it would be delivered. Messages on one link may overtake each other
 * when jitter is non-zero, as independent HTTP requests do.
 *
 * <p>Messages in flight and pending calls live in pooled slots (parallel arrays with a free list),
 * so the network itself allocates nothing per message once warmed up.
 *
 * <p><b>Lanes.</b> Built on {@link Lanes}, every node belongs to the lane of its region and each
 * lane has its own event loop, random stream, pools and counters, so lanes can run on different
 * threads within a window ({@link Lanes}). A message between two lanes is drawn (loss, jitter) by
 * its sender's lane and held in an outbox of the window it was sent in until the receiver files it
 * ({@link #receive(int, int)}) as it starts a window that many windows later fit in the least
 * latency between lanes ({@link #minCrossLaneLatencyNanos()}, {@link #pipelineWindows(int)}): it
 * cannot be due before then. Cross-lane traffic checks
 * only what its own lane owns: a sender does not look at whether the receiver is down (the
 * delivery does), a request arriving after its caller's timeout is dropped by the time the caller
 * gave for it, and a late reply crosses and is dropped on arrival. With one lane all of it is the
 * single event loop's behaviour, event for event.
 */
public final class Network {
  private static final byte MESSAGE = 0;
  private static final byte REQUEST = 1;
  private static final byte RESPONSE = 2;
  private static final int LANE_SHIFT = 56;
  private static final long SLOT_MASK = 0xffff_ffffL;
  private static final long GENERATION_MASK = 0xff_ffffL;

  private final Lane[] lanes;
  private final int[] regionLane;
  private final LinkProfile[][] regionLinks;
  private final Map<Long, LinkProfile> nodeLinks = new HashMap<>();
  private final List<NodeAddress> nodes = new ArrayList<>();
  private int[] nodeLane = new int[64];
  private final List<MessageHandler> messageHandlers = new ArrayList<>();
  private final List<RequestHandler> requestHandlers = new ArrayList<>();
  /** One flag per node, not a {@link BitSet}: lanes flip their own nodes' flags concurrently. */
  private boolean[] down = new boolean[64];
  private final List<Partition> partitions = new ArrayList<>();

  /**
   * @param regionLinks square matrix of link profiles between regions (index = region id); the
   *     diagonal is the intra-region profile
   */
  public Network(Simulator simulator, SplittableRandom rng, LinkProfile[][] regionLinks) {
    this(new Simulator[] {Objects.requireNonNull(simulator)}, new int[regionLinks.length],
        lane -> Objects.requireNonNull(rng), regionLinks);
  }

  /**
   * A network over {@code lanes}: a node of region r lives in lane {@code lanes.laneOf(r)}; lane k
   * draws from the stream {@code "network"} (k = 0) or {@code "network/lane-k"}.
   */
  public Network(Lanes lanes, Rngs rngs, LinkProfile[][] regionLinks) {
    this(lanes.simulators(), lanes.regionLanes(regionLinks.length),
        lane -> rngs.stream(lane == 0 ? "network" : "network/lane-" + lane), regionLinks);
  }

  private Network(Simulator[] simulators, int[] regionLane, java.util.function.IntFunction<SplittableRandom> rngs,
      LinkProfile[][] regionLinks) {
    if (simulators.length > 255) {
      throw new IllegalArgumentException("lanes: " + simulators.length + " is more than the 255 a call token can name");
    }
    this.regionLinks = new LinkProfile[regionLinks.length][];
    for (int i = 0; i < regionLinks.length; i++) {
      if (regionLinks[i].length != regionLinks.length) {
        throw new IllegalArgumentException("regionLinks[" + i + "]: row length "
            + regionLinks[i].length + " differs from the region count " + regionLinks.length);
      }
      this.regionLinks[i] = regionLinks[i].clone();
    }
    this.regionLane = regionLane.clone();
    this.lanes = new Lane[simulators.length];
    for (int i = 0; i < simulators.length; i++) {
      lanes[i] = new Lane(i, simulators[i], rngs.apply(i), simulators.length);
    }
  }

  /** The event loop of the first lane (the only one of a single-lane network). */
  public Simulator simulator() {
    return lanes[0].simulator;
  }

  public int laneCount() {
    return lanes.length;
  }

  public NodeAddress addNode(String name, int region) {
    if (region < 0 || region >= regionLinks.length) {
      throw new IllegalArgumentException("region: " + region + " is not in [0, " + regionLinks.length + ")");
    }
    NodeAddress address = new NodeAddress(nodes.size(), name, region);
    nodes.add(address);
    if (address.id() == nodeLane.length) {
      nodeLane = Arrays.copyOf(nodeLane, nodeLane.length * 2);
      down = Arrays.copyOf(down, down.length * 2);
    }
    nodeLane[address.id()] = regionLane[region];
    messageHandlers.add(null);
    requestHandlers.add(null);
    return address;
  }

  public List<NodeAddress> nodes() {
    return List.copyOf(nodes);
  }

  public void onMessage(NodeAddress node, MessageHandler handler) {
    messageHandlers.set(node.id(), handler);
  }

  public void serve(NodeAddress node, RequestHandler handler) {
    requestHandlers.set(node.id(), handler);
  }

  /** Overrides the profile of the (symmetric) link between two nodes. */
  public void setLink(NodeAddress a, NodeAddress b, LinkProfile profile) {
    nodeLinks.put(pairKey(a.id(), b.id()), profile);
    nodeLinks.put(pairKey(b.id(), a.id()), profile);
  }

  public LinkProfile link(NodeAddress from, NodeAddress to) {
    return link(from.id(), to.id());
  }

  /**
   * The least one-way delay between nodes of different lanes: how long a window may be. {@code
   * Long.MAX_VALUE} with one lane.
   */
  public long minCrossLaneLatencyNanos() {
    long min = Long.MAX_VALUE;
    for (int a = 0; a < regionLinks.length; a++) {
      for (int b = 0; b < regionLinks.length; b++) {
        if (regionLane[a] != regionLane[b]) {
          min = Math.min(min, regionLinks[a][b].latencyNanos());
        }
      }
    }
    for (Map.Entry<Long, LinkProfile> e : nodeLinks.entrySet()) {
      int from = (int) (e.getKey() >>> 32);
      int to = (int) (long) e.getKey();
      if (nodeLane[from] != nodeLane[to]) {
        min = Math.min(min, e.getValue().latencyNanos());
      }
    }
    return min;
  }

  /**
   * Marks a node crashed (true) or running (false); a crashed node neither sends nor receives.
   * From inside a window, only for a node of the lane running the call.
   */
  public void setDown(NodeAddress node, boolean isDown) {
    down[node.id()] = isDown;
  }

  public boolean isDown(NodeAddress node) {
    return down[node.id()];
  }

  /** Cuts every link between {@code sideA} and {@code sideB} until {@link Partition#heal()} (between windows only). */
  public Partition cut(Collection<NodeAddress> sideA, Collection<NodeAddress> sideB, String label) {
    BitSet a = new BitSet();
    BitSet b = new BitSet();
    sideA.forEach(n -> a.set(n.id()));
    sideB.forEach(n -> b.set(n.id()));
    Partition partition = new Partition(a, b, label);
    partitions.removeIf(p -> !p.active());
    partitions.add(partition);
    return partition;
  }

  public boolean reachable(NodeAddress from, NodeAddress to) {
    return !down[from.id()] && !down[to.id()] && !separated(from.id(), to.id());
  }

  /** Sends a one-way message. */
  public void send(NodeAddress from, NodeAddress to, Object message) {
    transmit(from.id(), to.id(), MESSAGE, 0L, message, Long.MAX_VALUE);
  }

  /**
   * Sends {@code request} and calls back {@code handler} with the response, or with a timeout
   * {@code timeoutNanos} after sending if no response has arrived by then (lost, partitioned,
   * crashed server, or a slow reply). A late response after the timeout is dropped.
   */
  public void call(
      NodeAddress from,
      NodeAddress to,
      Object request,
      long timeoutNanos,
      ResponseHandler handler,
      long tag) {
    Lane lane = lanes[nodeLane[from.id()]];
    int slot = lane.allocateCall();
    lane.callCaller[slot] = from.id();
    lane.callCallee[slot] = to.id();
    lane.callHandler[slot] = handler;
    lane.callTag[slot] = tag;
    long callId = token(lane.index, lane.callGeneration[slot], slot);
    long expiresAt = Math.addExact(lane.simulator.now(), Math.max(0L, timeoutNanos));
    lane.simulator.scheduleInOrder(expiresAt, lane.expire, callId);
    transmit(from.id(), to.id(), REQUEST, callId, request, expiresAt);
  }

  /**
   * Answers a request received through a {@link RequestHandler}, from the lane of the node that
   * received it.
   */
  public void reply(long replyToken, Object response) {
    Lane lane = lanes[(int) (replyToken >>> LANE_SHIFT)];
    int slot = (int) (replyToken & SLOT_MASK);
    if (slot >= lane.inboundUsed || !lane.inboundLive[slot]
        || (lane.inboundGeneration[slot] & GENERATION_MASK) != generationOf(replyToken)) {
      return; // answered already, or the caller gave up long ago
    }
    long callId = lane.inboundCall[slot];
    int caller = lane.inboundCaller[slot];
    int callee = lane.inboundCallee[slot];
    lane.releaseInbound(slot);
    if (laneOfCall(callId) == lane.index && lane.liveCallSlot(callId) < 0) {
      return; // the caller already gave up
    }
    transmit(callee, caller, RESPONSE, callId, response, Long.MAX_VALUE);
  }

  /**
   * Keeps each lane's cross-lane messages in a separate outbox per window for the last {@code
   * windows} windows, so that a receiver can file a window's messages while their senders have gone
   * on to later windows ({@link #receive(int, int)}). Call before anything is sent.
   */
  public void pipelineWindows(int windows) {
    if (windows < 1) {
      throw new IllegalArgumentException("windows: " + windows + " must be ≥ 1");
    }
    for (Lane lane : lanes) {
      lane.outboxes = Lane.outboxes(lanes.length, windows);
      lane.sendSlot = 0;
    }
  }

  /**
   * From now on, what lane {@code lane} sends across lanes belongs to window {@code window} (which
   * {@link #receive(int, int)} names). Only from the thread running that lane, or between windows.
   */
  public void sendingIn(int lane, int window) {
    Lane sender = lanes[lane];
    sender.sendSlot = window % sender.outboxes[0].length;
  }

  /**
   * Files in lane {@code lane} what every other lane sent it in window {@code window}, in a fixed
   * order (sender lane, then sending order), so that the run does not depend on which thread ran
   * which lane or when. The senders must have finished that window, and must not yet have reached
   * the window that reuses its outbox ({@link #pipelineWindows(int)} windows later).
   */
  public void receive(int lane, int window) {
    Lane to = lanes[lane];
    for (Lane from : lanes) {
      Outbox[] boxes = from.outboxes[lane];
      boxes[window % boxes.length].drainInto(to);
    }
  }

  public long messagesSent() {
    long n = 0;
    for (Lane lane : lanes) {
      n += lane.sent;
    }
    return n;
  }

  public long messagesDelivered() {
    long n = 0;
    for (Lane lane : lanes) {
      n += lane.delivered;
    }
    return n;
  }

  public long messagesLost() {
    long n = 0;
    for (Lane lane : lanes) {
      n += lane.lostToLoss + lane.lostToPartition + lane.lostToDownNode;
    }
    return n;
  }

  public long messagesLostToPartition() {
    long n = 0;
    for (Lane lane : lanes) {
      n += lane.lostToPartition;
    }
    return n;
  }

  public long callTimeouts() {
    long n = 0;
    for (Lane lane : lanes) {
      n += lane.timeouts;
    }
    return n;
  }

  private void transmit(int from, int to, byte kind, long callId, Object payload, long expiresAt) {
    Lane lane = lanes[nodeLane[from]];
    int toLane = nodeLane[to];
    boolean local = toLane == lane.index;
    lane.sent++;
    if (down[from] || (local && down[to])) {
      lane.lostToDownNode++;
      return;
    }
    if (separated(from, to)) {
      lane.lostToPartition++;
      return;
    }
    LinkProfile profile = link(from, to);
    if (profile.loss() > 0 && lane.rng.nextDouble() < profile.loss()) {
      lane.lostToLoss++;
      return;
    }
    long delay = profile.latencyNanos()
        + (profile.jitterNanos() == 0 ? 0 : lane.rng.nextLong(profile.jitterNanos()));
    long at = Math.addExact(lane.simulator.now(), delay);
    if (local) {
      lane.file(at, from, to, kind, callId, payload, expiresAt);
    } else {
      lane.outboxes[toLane][lane.sendSlot].add(at, from, to, kind, callId, payload, expiresAt);
    }
  }

  private void deliver(Lane lane, int slot) {
    int from = lane.flightFrom[slot];
    int to = lane.flightTo[slot];
    byte kind = lane.flightKind[slot];
    long callId = lane.flightCall[slot];
    long expiresAt = lane.flightExpiry[slot];
    Object payload = lane.flightPayload[slot];
    lane.flightPayload[slot] = null;
    lane.flightFree[lane.flightFreeTop++] = slot;
    if (down[to]) { // a sender that crashed after sending does not recall its bytes
      lane.lostToDownNode++;
      return;
    }
    if (separated(from, to)) {
      lane.lostToPartition++;
      return;
    }
    lane.delivered++;
    NodeAddress fromAddress = nodes.get(from);
    switch (kind) {
      case MESSAGE -> {
        MessageHandler handler = messageHandlers.get(to);
        if (handler != null) {
          handler.onMessage(fromAddress, payload);
        }
      }
      case REQUEST -> {
        RequestHandler handler = requestHandlers.get(to);
        boolean live = laneOfCall(callId) == lane.index
            ? lane.liveCallSlot(callId) >= 0
            : lane.simulator.now() < expiresAt; // the caller's timeout, scheduled before the request left, runs first on a tie
        if (handler != null && live) {
          handler.onRequest(fromAddress, payload, lane.allocateInbound(callId, from, to, expiresAt));
        }
      }
      default -> {
        Lane callerLane = lanes[laneOfCall(callId)];
        int call = callerLane.liveCallSlot(callId);
        if (call >= 0) {
          ResponseHandler handler = callerLane.callHandler[call];
          long tag = callerLane.callTag[call];
          callerLane.releaseCall(call);
          handler.onResponse(tag, payload);
        }
      }
    }
  }

  private void expire(Lane lane, long callId) {
    int call = lane.liveCallSlot(callId);
    if (call < 0) {
      return;
    }
    ResponseHandler handler = lane.callHandler[call];
    long tag = lane.callTag[call];
    lane.releaseCall(call);
    lane.timeouts++;
    handler.onTimeout(tag);
  }

  private boolean separated(int from, int to) {
    for (int i = 0, n = partitions.size(); i < n; i++) {
      if (partitions.get(i).separates(from, to)) {
        return true;
      }
    }
    return false;
  }

  private LinkProfile link(int from, int to) {
    if (!nodeLinks.isEmpty()) {
      LinkProfile override = nodeLinks.get(pairKey(from, to));
      if (override != null) {
        return override;
      }
    }
    return regionLinks[nodes.get(from).region()][nodes.get(to).region()];
  }

  private static long pairKey(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  private static long token(int lane, int generation, int slot) {
    return ((long) lane << LANE_SHIFT) | ((generation & GENERATION_MASK) << 32) | (slot & SLOT_MASK);
  }

  private static int laneOfCall(long callId) {
    return (int) (callId >>> LANE_SHIFT);
  }

  private static int generationOf(long token) {
    return (int) ((token >>> 32) & GENERATION_MASK);
  }

  /** Messages one lane sent to another during a window, in sending order. */
  private static final class Outbox {
    private long[] at = new long[64];
    private int[] from = new int[64];
    private int[] to = new int[64];
    private byte[] kind = new byte[64];
    private long[] call = new long[64];
    private long[] expiry = new long[64];
    private Object[] payload = new Object[64];
    private int size;

    void add(long time, int sender, int receiver, byte messageKind, long callId, Object message, long expiresAt) {
      if (size == at.length) {
        int capacity = size * 2;
        at = Arrays.copyOf(at, capacity);
        from = Arrays.copyOf(from, capacity);
        to = Arrays.copyOf(to, capacity);
        kind = Arrays.copyOf(kind, capacity);
        call = Arrays.copyOf(call, capacity);
        expiry = Arrays.copyOf(expiry, capacity);
        payload = Arrays.copyOf(payload, capacity);
      }
      at[size] = time;
      from[size] = sender;
      to[size] = receiver;
      kind[size] = messageKind;
      call[size] = callId;
      expiry[size] = expiresAt;
      payload[size] = message;
      size++;
    }

    void drainInto(Lane lane) {
      for (int i = 0; i < size; i++) {
        lane.file(at[i], from[i], to[i], kind[i], call[i], payload[i], expiry[i]);
        payload[i] = null;
      }
      size = 0;
    }
  }

  /** What one lane owns: its event loop, random stream, pools, outboxes and counters. */
  private final class Lane {
    final int index;
    final Simulator simulator;
    final SplittableRandom rng;
    /** By receiving lane, then by window (a ring, {@link #pipelineWindows(int)}). */
    Outbox[][] outboxes;
    int sendSlot;
    final EventHandler deliver = (now, slot) -> Network.this.deliver(this, (int) slot);
    final EventHandler expire = (now, callId) -> Network.this.expire(this, callId);

    // in-flight pool
    int[] flightFrom = new int[256];
    int[] flightTo = new int[256];
    byte[] flightKind = new byte[256];
    long[] flightCall = new long[256];
    long[] flightExpiry = new long[256];
    Object[] flightPayload = new Object[256];
    int[] flightFree = new int[256];
    int flightFreeTop;
    int flightUsed;

    // pending-call pool (calls this lane's nodes made)
    int[] callCaller = new int[256];
    int[] callCallee = new int[256];
    int[] callGeneration = new int[256];
    long[] callTag = new long[256];
    ResponseHandler[] callHandler = new ResponseHandler[256];
    int[] callFree = new int[256];
    int callFreeTop;
    int callUsed;

    // inbound pool (requests this lane's nodes received and have not answered)
    boolean[] inboundLive = new boolean[256];
    long[] inboundCall = new long[256];
    int[] inboundCaller = new int[256];
    int[] inboundCallee = new int[256];
    long[] inboundExpiry = new long[256];
    int[] inboundGeneration = new int[256];
    int[] inboundFree = new int[256];
    int inboundFreeTop;
    int inboundUsed;

    long sent;
    long delivered;
    long lostToLoss;
    long lostToPartition;
    long lostToDownNode;
    long timeouts;

    Lane(int index, Simulator simulator, SplittableRandom rng, int laneCount) {
      this.index = index;
      this.simulator = simulator;
      this.rng = rng;
      this.outboxes = outboxes(laneCount, 1);
    }

    static Outbox[][] outboxes(int laneCount, int windows) {
      Outbox[][] boxes = new Outbox[laneCount][windows];
      for (Outbox[] byWindow : boxes) {
        for (int w = 0; w < windows; w++) {
          byWindow[w] = new Outbox();
        }
      }
      return boxes;
    }

    void file(long at, int from, int to, byte kind, long callId, Object payload, long expiresAt) {
      int slot = allocateFlight();
      flightFrom[slot] = from;
      flightTo[slot] = to;
      flightKind[slot] = kind;
      flightCall[slot] = callId;
      flightExpiry[slot] = expiresAt;
      flightPayload[slot] = payload;
      simulator.schedule(at, deliver, slot);
    }

    int liveCallSlot(long callId) {
      int slot = (int) (callId & SLOT_MASK);
      if (slot < 0 || slot >= callUsed || callHandler[slot] == null
          || (callGeneration[slot] & GENERATION_MASK) != generationOf(callId)) {
        return -1;
      }
      return slot;
    }

    int allocateCall() {
      if (callFreeTop > 0) {
        return callFree[--callFreeTop];
      }
      if (callUsed == callCaller.length) {
        int capacity = callUsed * 2;
        callCaller = Arrays.copyOf(callCaller, capacity);
        callCallee = Arrays.copyOf(callCallee, capacity);
        callGeneration = Arrays.copyOf(callGeneration, capacity);
        callTag = Arrays.copyOf(callTag, capacity);
        callHandler = Arrays.copyOf(callHandler, capacity);
        callFree = Arrays.copyOf(callFree, capacity);
      }
      return callUsed++;
    }

    void releaseCall(int slot) {
      callHandler[slot] = null;
      callGeneration[slot]++;
      callFree[callFreeTop++] = slot;
    }

    long allocateInbound(long callId, int caller, int callee, long expiresAt) {
      if (inboundFreeTop == 0 && inboundUsed == inboundCall.length) {
        reclaimExpiredInbound();
      }
      int slot;
      if (inboundFreeTop > 0) {
        slot = inboundFree[--inboundFreeTop];
      } else {
        if (inboundUsed == inboundCall.length) {
          int capacity = inboundUsed * 2;
          inboundLive = Arrays.copyOf(inboundLive, capacity);
          inboundCall = Arrays.copyOf(inboundCall, capacity);
          inboundCaller = Arrays.copyOf(inboundCaller, capacity);
          inboundCallee = Arrays.copyOf(inboundCallee, capacity);
          inboundExpiry = Arrays.copyOf(inboundExpiry, capacity);
          inboundGeneration = Arrays.copyOf(inboundGeneration, capacity);
          inboundFree = Arrays.copyOf(inboundFree, capacity);
        }
        slot = inboundUsed++;
      }
      inboundLive[slot] = true;
      inboundCall[slot] = callId;
      inboundCaller[slot] = caller;
      inboundCallee[slot] = callee;
      inboundExpiry[slot] = expiresAt;
      return token(index, inboundGeneration[slot], slot);
    }

    void releaseInbound(int slot) {
      inboundLive[slot] = false;
      inboundGeneration[slot]++;
      inboundFree[inboundFreeTop++] = slot;
    }

    /** Requests never answered (a handler that dropped them) are freed once their caller gave up. */
    private void reclaimExpiredInbound() {
      long now = simulator.now();
      for (int i = 0; i < inboundUsed; i++) {
        if (inboundLive[i] && inboundExpiry[i] <= now) {
          releaseInbound(i);
        }
      }
    }

    int allocateFlight() {
      if (flightFreeTop > 0) {
        return flightFree[--flightFreeTop];
      }
      if (flightUsed == flightFrom.length) {
        int capacity = flightUsed * 2;
        flightFrom = Arrays.copyOf(flightFrom, capacity);
        flightTo = Arrays.copyOf(flightTo, capacity);
        flightKind = Arrays.copyOf(flightKind, capacity);
        flightCall = Arrays.copyOf(flightCall, capacity);
        flightExpiry = Arrays.copyOf(flightExpiry, capacity);
        flightPayload = Arrays.copyOf(flightPayload, capacity);
        flightFree = Arrays.copyOf(flightFree, capacity);
      }
      return flightUsed++;
    }
  }
}
