package io.leasehold.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.sim.engine.Lanes;
import io.leasehold.sim.engine.Rngs;
import io.leasehold.sim.engine.Simulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network over a lane per region: cross-lane traffic waits in outboxes until its receiver files it. */
class NetworkLanesTest {
  private static final long MS = 1_000_000L;

  private final Lanes lanes = Lanes.perRegion(2);
  private final Simulator west = lanes.simulator(0);
  private final Simulator east = lanes.simulator(1);
  private final List<String> log = new ArrayList<>();

  private Network network(long interMillis) {
    LinkProfile intra = LinkProfile.ofMillis(1, 0, 0);
    LinkProfile inter = LinkProfile.ofMillis(interMillis, 0, 0);
    return new Network(lanes, new Rngs(9), new LinkProfile[][] {{intra, inter}, {inter, intra}});
  }

  /** One lock-step window: both lanes run their events before {@code end}, then what crossed is filed. */
  private void window(Network net, long end) {
    west.runUntil(end - 1);
    east.runUntil(end - 1);
    net.receive(0, 0); // one window in flight (the default): what crossed is filed at its end
    net.receive(1, 0);
    lanes.advanceAll(end);
  }

  private void windowsUntil(Network net, long last) {
    for (long end = 40 * MS; end <= last; end += 40 * MS) {
      window(net, end);
    }
  }

  private ResponseHandler logging(Simulator clock) {
    return new ResponseHandler() {
      @Override
      public void onResponse(long tag, Object response) {
        log.add(tag + " " + response + " @" + clock.now() / MS);
      }

      @Override
      public void onTimeout(long tag) {
        log.add(tag + " timeout @" + clock.now() / MS);
      }
    };
  }

  @Test
  void theWindowIsTheLeastLatencyBetweenLanes() {
    Network net = network(40);
    assertThat(net.minCrossLaneLatencyNanos()).isEqualTo(40 * MS);
    NodeAddress a = net.addNode("a", 0);
    NodeAddress b = net.addNode("b", 1);
    net.setLink(a, b, LinkProfile.ofMillis(25, 0, 0));
    assertThat(net.minCrossLaneLatencyNanos()).isEqualTo(25 * MS);
  }

  @Test
  void aMessageBetweenLanesIsFiledAtTheWindowsEndAndDeliveredOnTime() {
    Network net = network(40);
    NodeAddress a = net.addNode("a", 0);
    NodeAddress b = net.addNode("b", 1);
    NodeAddress a2 = net.addNode("a2", 0);
    net.onMessage(b, (from, msg) -> log.add("b<-" + msg + " @" + east.now() / MS));
    net.onMessage(a2, (from, msg) -> log.add("a2<-" + msg + " @" + west.now() / MS));
    west.schedule(10 * MS, () -> {
      net.send(a, b, "far");
      net.send(a, a2, "near");
    });
    window(net, 40 * MS);
    assertThat(log).containsExactly("a2<-near @11");
    assertThat(east.pendingEvents()).isEqualTo(1); // filed in the receiver's lane
    window(net, 80 * MS);
    assertThat(log).containsExactly("a2<-near @11", "b<-far @50");
    assertThat(net.messagesSent()).isEqualTo(2);
    assertThat(net.messagesDelivered()).isEqualTo(2);
  }

  @Test
  void pipelinedWindowsKeepEachWindowsMessagesUntilTheReceiverFilesThatWindow() {
    Network net = network(40);
    net.pipelineWindows(4);
    NodeAddress a = net.addNode("a", 0);
    NodeAddress b = net.addNode("b", 1);
    net.onMessage(b, (from, msg) -> log.add("b<-" + msg + " @" + east.now() / MS));
    // windows of 20 ms, the receiver a window behind: what west sends in window k is filed at k + 2
    west.schedule(5 * MS, () -> net.send(a, b, "in window 0"));
    west.schedule(25 * MS, () -> net.send(a, b, "in window 1"));
    net.sendingIn(0, 0);
    west.runUntil(20 * MS - 1);
    net.sendingIn(0, 1);
    west.runUntil(40 * MS - 1);
    net.receive(1, 1);
    assertThat(east.pendingEvents()).as("window 1's message waits for window 1 to be received").isEqualTo(1);
    net.receive(1, 0);
    assertThat(east.pendingEvents()).as("both filed").isEqualTo(2);
    east.runUntil(100 * MS);
    assertThat(log).containsExactly("b<-in window 0 @45", "b<-in window 1 @65");
    net.receive(1, 0);
    net.receive(1, 4); // the same outbox: emptied when it was received
    assertThat(east.pendingEvents()).isZero();
  }

  @Test
  void pipelineWindowsRefusesFewerThanOne() {
    assertThatThrownBy(() -> network(40).pipelineWindows(0)).hasMessageContaining("windows: 0 must be ≥ 1");
  }

  @Test
  void aCallAcrossLanesIsAnsweredOrTimesOut() {
    Network net = network(40);
    NodeAddress client = net.addNode("client", 0);
    NodeAddress server = net.addNode("server", 1);
    net.serve(server, (from, request, token) -> {
      log.add("served " + request + " @" + east.now() / MS);
      net.reply(token, "re:" + request);
    });
    west.schedule(0, () -> {
      net.call(client, server, "x", 100 * MS, logging(west), 1);
      net.call(client, server, "y", 30 * MS, logging(west), 2); // due at 40 ms, after the caller gave up at 30 ms
      net.call(client, server, "z", 60 * MS, logging(west), 3); // answered at 80 ms, after the caller gave up at 60 ms
    });
    windowsUntil(net, 200 * MS);
    // in execution order: within a window the west lane runs before the east one; y is never served
    assertThat(log).containsExactly("2 timeout @30", "3 timeout @60", "served x @40", "served z @40", "1 re:x @80");
    assertThat(net.callTimeouts()).isEqualTo(2);
  }

  @Test
  void aReplyFromALaterEventCrossesToo() {
    Network net = network(40);
    NodeAddress client = net.addNode("client", 0);
    NodeAddress server = net.addNode("server", 1);
    net.serve(server, (from, request, token) ->
        east.scheduleAfter(15 * MS, (now, arg) -> net.reply(token, "slow"), 0));
    west.schedule(0, () -> net.call(client, server, "q", 1_000 * MS, logging(west), 7));
    windowsUntil(net, 200 * MS);
    assertThat(log).containsExactly("7 slow @95");
  }

  @Test
  void aDownReceiverInAnotherLaneLosesTheMessageOnArrival() {
    Network net = network(40);
    NodeAddress a = net.addNode("a", 0);
    NodeAddress b = net.addNode("b", 1);
    net.onMessage(b, (from, msg) -> log.add("b<-" + msg));
    net.setDown(b, true);
    west.schedule(0, () -> net.send(a, b, "lost"));
    window(net, 40 * MS);
    window(net, 80 * MS);
    assertThat(log).isEmpty();
    assertThat(net.messagesLost()).isEqualTo(1);
  }
}
