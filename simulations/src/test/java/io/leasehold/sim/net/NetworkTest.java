package io.leasehold.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.sim.engine.Rngs;
import io.leasehold.sim.engine.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkTest {
  private static final long MS = 1_000_000L;

  private final Simulator sim = new Simulator();
  private final List<String> log = new ArrayList<>();

  private Network network(LinkProfile inter) {
    LinkProfile intra = LinkProfile.ofMillis(1, 0, 0);
    return new Network(sim, new Rngs(9).stream("net"), new LinkProfile[][] {{intra, inter}, {inter, intra}});
  }

  @Test
  void deliversAfterTheLinkLatencyPlusJitterBelowTheBound() {
    Network net = network(LinkProfile.ofMillis(40, 5, 0));
    NodeAddress a = net.addNode("a", 0);
    NodeAddress b = net.addNode("b", 1);
    List<Long> arrivals = new ArrayList<>();
    net.onMessage(b, (from, msg) -> arrivals.add(sim.now()));
    for (int i = 0; i < 1_000; i++) {
      net.send(a, b, i);
    }
    sim.runAll();
    assertThat(arrivals).hasSize(1_000).allSatisfy(t -> assertThat(t).isBetween(40 * MS, 45 * MS - 1));
    assertThat(net.messagesDelivered()).isEqualTo(1_000);
  }

  @Test
  void losesAboutTheConfiguredFraction() {
    Network net = network(LinkProfile.ofMillis(10, 0, 0.2));
    NodeAddress a = net.addNode("a", 0);
    NodeAddress b = net.addNode("b", 1);
    for (int i = 0; i < 100_000; i++) {
      net.send(a, b, i);
    }
    sim.runAll();
    assertThat(net.messagesLost() / 100_000.0).isBetween(0.19, 0.21);
  }

  @Test
  void partitionCutsBothDirectionsIncludingMessagesInFlightUntilHealed() {
    Network net = network(LinkProfile.ofMillis(40, 0, 0));
    NodeAddress a = net.addNode("a", 0);
    NodeAddress b = net.addNode("b", 1);
    NodeAddress c = net.addNode("c", 1);
    net.onMessage(a, (from, msg) -> log.add("a<-" + msg));
    net.onMessage(b, (from, msg) -> log.add("b<-" + msg));
    net.onMessage(c, (from, msg) -> log.add("c<-" + msg));
    net.send(a, b, "in-flight");
    sim.runUntil(10 * MS);
    Partition cut = net.cut(Set.of(a), Set.of(b), "a|b");
    net.send(b, a, "reverse");
    net.send(a, c, "other-node");
    sim.runUntil(100 * MS);
    assertThat(log).containsExactly("c<-other-node");
    assertThat(net.reachable(a, b)).isFalse();
    cut.heal();
    net.send(a, b, "healed");
    sim.runAll();
    assertThat(log).containsExactly("c<-other-node", "b<-healed");
    assertThat(net.messagesLostToPartition()).isEqualTo(2);
  }

  @Test
  void callGetsTheResponseAfterARoundTripOrTimesOut() {
    Network net = network(LinkProfile.ofMillis(40, 0, 0));
    NodeAddress client = net.addNode("client", 0);
    NodeAddress server = net.addNode("server", 1);
    net.serve(server, (from, request, token) -> net.reply(token, "re:" + request));
    ResponseHandler handler = new ResponseHandler() {
      @Override
      public void onResponse(long tag, Object response) {
        log.add(tag + " " + response + " @" + sim.now() / MS);
      }

      @Override
      public void onTimeout(long tag) {
        log.add(tag + " timeout @" + sim.now() / MS);
      }
    };
    net.call(client, server, "x", 100 * MS, handler, 1);
    net.call(client, server, "y", 50 * MS, handler, 2); // RTT 80 ms > 50 ms: late response dropped
    sim.runAll(); // ends at 100 ms, when call 1's (stale) timeout event is consumed
    net.setDown(server, true);
    net.call(client, server, "z", 100 * MS, handler, 3);
    sim.runAll();
    assertThat(log).containsExactly("2 timeout @50", "1 re:x @80", "3 timeout @200");
    assertThat(net.callTimeouts()).isEqualTo(2);
  }

  @Test
  void asynchronousReplyArrivesLater() {
    Network net = network(LinkProfile.ofMillis(10, 0, 0));
    NodeAddress client = net.addNode("client", 0);
    NodeAddress server = net.addNode("server", 1);
    net.serve(server, (from, request, token) ->
        sim.scheduleAfter(30 * MS, (now, arg) -> net.reply(token, "slow"), 0));
    net.call(client, server, "q", 1_000 * MS, new ResponseHandler() {
      @Override
      public void onResponse(long tag, Object response) {
        log.add(response + " @" + sim.now() / MS);
      }

      @Override
      public void onTimeout(long tag) {
        log.add("timeout");
      }
    }, 0);
    sim.runAll();
    assertThat(log).containsExactly("slow @50");
  }
}
