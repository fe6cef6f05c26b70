package io.leasehold.sim.net;

import io.leasehold.sim.engine.EventHandler;
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
 */
public final class Network {
  private static final byte MESSAGE = 0;
  private static final byte REQUEST = 1;
  private static final byte RESPONSE = 2;

  private final Simulator simulator;
  private final SplittableRandom rng;
  private final LinkProfile[][] regionLinks;
  private final Map<Long, LinkProfile> nodeLinks = new HashMap<>();
  private final List<NodeAddress> nodes = new ArrayList<>();
  private final List<MessageHandler> messageHandlers = new ArrayList<>();
  private final List<RequestHandler> requestHandlers = new ArrayList<>();
  private final BitSet down = new BitSet();
  private final List<Partition> partitions = new ArrayList<>();

  // in-flight pool
  private int[] flightFrom = new int[256];
  private int[] flightTo = new int[256];
  private byte[] flightKind = new byte[256];
  private long[] flightCall = new long[256];
  private Object[] flightPayload = new Object[256];
  private int[] flightFree = new int[256];
  private int flightFreeTop;
  private int flightUsed;

  // pending-call pool
  private int[] callCaller = new int[256];
  private int[] callCallee = new int[256];
  private int[] callGeneration = new int[256];
  private long[] callTag = new long[256];
  private ResponseHandler[] callHandler = new ResponseHandler[256];
  private int[] callFree = new int[256];
  private int callFreeTop;
  private int callUsed;

  private final EventHandler deliver = this::deliver;
  private final EventHandler expire = this::expire;

  private long sent;
  private long delivered;
  private long lostToLoss;
  private long lostToPartition;
  private long lostToDownNode;
  private long timeouts;

  /**
   * @param regionLinks square matrix of link profiles between regions (index = region id); the
   *     diagonal is the intra-region profile
   */
  public Network(Simulator simulator, SplittableRandom rng, LinkProfile[][] regionLinks) {
    this.simulator = Objects.requireNonNull(simulator);
    this.rng = Objects.requireNonNull(rng);
    this.regionLinks = new LinkProfile[regionLinks.length][];
    for (int i = 0; i < regionLinks.length; i++) {
      if (regionLinks[i].length != regionLinks.length) {
        throw new IllegalArgumentException("regionLinks[" + i + "]: row length "
            + regionLinks[i].length + " differs from the region count " + regionLinks.length);
      }
      this.regionLinks[i] = regionLinks[i].clone();
    }
  }

  public Simulator simulator() {
    return simulator;
  }

  public NodeAddress addNode(String name, int region) {
    if (region < 0 || region >= regionLinks.length) {
      throw new IllegalArgumentException("region: " + region + " is not in [0, " + regionLinks.length + ")");
    }
    NodeAddress address = new NodeAddress(nodes.size(), name, region);
    nodes.add(address);
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

  /** Marks a node crashed (true) or running (false); a crashed node neither sends nor receives. */
  public void setDown(NodeAddress node, boolean isDown) {
    down.set(node.id(), isDown);
  }

  public boolean isDown(NodeAddress node) {
    return down.get(node.id());
  }

  /** Cuts every link between {@code sideA} and {@code sideB} until {@link Partition#heal()}. */
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
    return !down.get(from.id()) && !down.get(to.id()) && !separated(from.id(), to.id());
  }

  /** Sends a one-way message. */
  public void send(NodeAddress from, NodeAddress to, Object message) {
    transmit(from.id(), to.id(), MESSAGE, 0L, message);
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
    int slot = allocateCall();
    callCaller[slot] = from.id();
    callCallee[slot] = to.id();
    callHandler[slot] = handler;
    callTag[slot] = tag;
    long callId = ((long) callGeneration[slot] << 32) | slot;
    simulator.scheduleAfter(timeoutNanos, expire, callId);
    transmit(from.id(), to.id(), REQUEST, callId, request);
  }

  /** Answers a request received through a {@link RequestHandler}. */
  public void reply(long replyToken, Object response) {
    int slot = liveCallSlot(replyToken);
    if (slot < 0) {
      return; // the caller already gave up
    }
    transmit(callCallee[slot], callCaller[slot], RESPONSE, replyToken, response);
  }

  public long messagesSent() {
    return sent;
  }

  public long messagesDelivered() {
    return delivered;
  }

  public long messagesLost() {
    return lostToLoss + lostToPartition + lostToDownNode;
  }

  public long messagesLostToPartition() {
    return lostToPartition;
  }

  public long callTimeouts() {
    return timeouts;
  }

  private void transmit(int from, int to, byte kind, long callId, Object payload) {
    sent++;
    if (down.get(from) || down.get(to)) {
      lostToDownNode++;
      return;
    }
    if (separated(from, to)) {
      lostToPartition++;
      return;
    }
    LinkProfile profile = link(from, to);
    if (profile.loss() > 0 && rng.nextDouble() < profile.loss()) {
      lostToLoss++;
      return;
    }
    long delay = profile.latencyNanos()
        + (profile.jitterNanos() == 0 ? 0 : rng.nextLong(profile.jitterNanos()));
    int slot = allocateFlight();
    flightFrom[slot] = from;
    flightTo[slot] = to;
    flightKind[slot] = kind;
    flightCall[slot] = callId;
    flightPayload[slot] = payload;
    simulator.scheduleAfter(delay, deliver, slot);
  }

  private void deliver(long now, long arg) {
    int slot = (int) arg;
    int from = flightFrom[slot];
    int to = flightTo[slot];
    byte kind = flightKind[slot];
    long callId = flightCall[slot];
    Object payload = flightPayload[slot];
    flightPayload[slot] = null;
    flightFree[flightFreeTop++] = slot;
    if (down.get(to)) { // a sender that crashed after sending does not recall its bytes
      lostToDownNode++;
      return;
    }
    if (separated(from, to)) {
      lostToPartition++;
      return;
    }
    delivered++;
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
        if (handler != null && liveCallSlot(callId) >= 0) {
          handler.onRequest(fromAddress, payload, callId);
        }
      }
      default -> {
        int call = liveCallSlot(callId);
        if (call >= 0) {
          ResponseHandler handler = callHandler[call];
          long tag = callTag[call];
          releaseCall(call);
          handler.onResponse(tag, payload);
        }
      }
    }
  }

  private void expire(long now, long callId) {
    int call = liveCallSlot(callId);
    if (call < 0) {
      return;
    }
    ResponseHandler handler = callHandler[call];
    long tag = callTag[call];
    releaseCall(call);
    timeouts++;
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

  private int liveCallSlot(long callId) {
    int slot = (int) callId;
    int generation = (int) (callId >>> 32);
    if (slot < 0 || slot >= callUsed || callHandler[slot] == null || callGeneration[slot] != generation) {
      return -1;
    }
    return slot;
  }

  private int allocateCall() {
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

  private void releaseCall(int slot) {
    callHandler[slot] = null;
    callGeneration[slot]++;
    callFree[callFreeTop++] = slot;
  }

  private int allocateFlight() {
    if (flightFreeTop > 0) {
      return flightFree[--flightFreeTop];
    }
    if (flightUsed == flightFrom.length) {
      int capacity = flightUsed * 2;
      flightFrom = Arrays.copyOf(flightFrom, capacity);
      flightTo = Arrays.copyOf(flightTo, capacity);
      flightKind = Arrays.copyOf(flightKind, capacity);
      flightCall = Arrays.copyOf(flightCall, capacity);
      flightPayload = Arrays.copyOf(flightPayload, capacity);
      flightFree = Arrays.copyOf(flightFree, capacity);
    }
    return flightUsed++;
  }
}
