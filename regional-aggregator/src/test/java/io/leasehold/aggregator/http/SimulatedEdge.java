package io.leasehold.aggregator.http;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An edge for integration tests: one quota, syncs with the given aggregators in turn, uses a fixed
 * fraction of what it holds between syncs and records every lease it receives.
 */
final class SimulatedEdge {
  /** One lease as the edge saw it. */
  record Received(long atNanos, long tokens, boolean degraded) {}

  final String id;
  private final QuotaId quota;
  private final WebClient client;
  private final int[] ports;
  private final long wantedPerSecond;
  final List<Received> received = new ArrayList<>();
  long held;
  long consumedTotal;
  long pendingConsumed;
  long pendingReturned;
  private long seq;
  /** Epoch of the last lease received, acknowledged in every report as a real edge does (0: none yet). */
  private long heldEpoch;

  SimulatedEdge(String id, QuotaId quota, WebClient client, long wantedPerSecond, int... ports) {
    this.id = id;
    this.quota = quota;
    this.client = client;
    this.ports = ports;
    this.wantedPerSecond = wantedPerSecond;
  }

  /** Uses {@code permille} of the tokens it holds (they are reported as consumed at the next sync). */
  void use(int permille) {
    long used = held * permille / 1000;
    held -= used;
    pendingConsumed += used;
    consumedTotal += used;
  }

  /** Gives everything it holds back at the next sync. */
  void returnAll() {
    pendingReturned += held;
    held = 0;
  }

  EdgeSyncResponse sync() throws Exception {
    seq++;
    QuotaReport report = new QuotaReport(quota, pendingConsumed, 0, wantedPerSecond * 1_000_000L, pendingReturned,
        heldEpoch);
    EdgeSyncRequest request = new EdgeSyncRequest(ProtocolVersion.CURRENT, id, Optional.of("eu-west"), seq, 0,
        OptionalLong.empty(), List.of(report));
    EdgeSyncResponse response = TestAggregators.sync(client, ports[(int) (seq % ports.length)], request);
    pendingConsumed = 0;
    pendingReturned = 0;
    long now = System.nanoTime();
    for (Lease lease : response.leases()) {
      held += lease.tokens();
      heldEpoch = lease.epoch();
      received.add(new Received(now, lease.tokens(), response.degraded()));
    }
    return response;
  }

  long granted() {
    return received.stream().mapToLong(Received::tokens).sum();
  }
}
