package io.leasehold.aggregator.core;

import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.store.InMemoryQuotaStore;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.MicroTokens;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.time.ManualClock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Drives a {@link RegionLeaser} against an {@link InMemoryQuotaStore} on a manual clock. */
final class LeaserHarness {
  static final String REGION = "eu-west";

  final ManualClock clock = new ManualClock(1_000_000_000L);
  final InMemoryQuotaStore store = new InMemoryQuotaStore(clock);
  final RegionLeaser leaser;
  private final Map<String, Long> seqs = new HashMap<>();
  /** The epoch of the last lease each edge got for each quota, as a real edge would acknowledge it. */
  private final Map<String, Map<QuotaId, Long>> heldEpochs = new HashMap<>();

  LeaserHarness(LeaserSettings settings, QuotaPolicies policies) {
    leaser = new RegionLeaser(settings, clock);
    leaser.updateRules(policies, 1, Optional.of("rules: []"));
  }

  LeaserHarness(QuotaPolicies policies) {
    this(LeaserSettings.defaults(REGION, "agg-1"), policies);
  }

  static QuotaPolicies rule(String ruleId, QuotaPolicy policy) {
    return QuotaPolicies.of(Map.of(QuotaId.aggregate(ruleId, 0), policy));
  }

  static long perSecond(long tokens) {
    return tokens * MicroTokens.PER_TOKEN;
  }

  /**
   * A request from {@code edge}; a report without an {@code ackEpoch} acknowledges the last lease the
   * edge got for its quota here (0 while it has had none, so its consumption is starter use).
   */
  EdgeSyncRequest request(String edge, QuotaReport... reports) {
    long seq = seqs.merge(edge, 1L, Long::sum);
    Map<QuotaId, Long> held = heldEpochs.getOrDefault(edge, Map.of());
    List<QuotaReport> acked = new java.util.ArrayList<>();
    for (QuotaReport r : reports) {
      long epoch = r.ackEpoch() != 0 ? r.ackEpoch() : held.getOrDefault(r.quota(), 0L);
      acked.add(new QuotaReport(r.quota(), r.consumed(), r.denied(), r.wantedMicroTokensPerSecond(), r.returned(),
          epoch, r.held()));
    }
    return new EdgeSyncRequest(ProtocolVersion.CURRENT, edge, Optional.of(REGION), seq, 1, OptionalLong.empty(),
        acked);
  }

  EdgeSyncResponse sync(EdgeSyncRequest request) {
    SyncPlan plan = leaser.plan(request);
    List<StoreResult> results = store.takeAndReturn(plan.ops()).result();
    return held(request, leaser.complete(plan, results));
  }

  /** A sync whose store call was not made ({@code outcome}): served from the emergency share. */
  EdgeSyncResponse syncWithoutStore(EdgeSyncRequest request, StoreOutcome outcome) {
    return held(request, leaser.completeWithoutStore(leaser.plan(request), outcome));
  }

  private EdgeSyncResponse held(EdgeSyncRequest request, EdgeSyncResponse response) {
    for (Lease lease : response.leases()) {
      heldEpochs.computeIfAbsent(request.edgeId(), e -> new HashMap<>()).put(lease.quota(), lease.epoch());
    }
    return response;
  }

  EdgeSyncResponse sync(String edge, QuotaReport... reports) {
    return sync(request(edge, reports));
  }

  /** One lease for {@code quota} from a sync that reports {@code consumed} and wants {@code wantedPerSecond}. */
  Lease lease(String edge, QuotaId quota, long consumed, long wantedPerSecond) {
    EdgeSyncResponse response = sync(edge, report(quota, consumed, 0, wantedPerSecond, 0));
    return response.leases().stream().filter(l -> l.quota().equals(quota)).findFirst().orElseThrow();
  }

  static QuotaReport report(QuotaId quota, long consumed, long denied, long wantedPerSecond, long returned) {
    return new QuotaReport(quota, consumed, denied, perSecond(wantedPerSecond), returned, 0);
  }

  static Grant grant(QuotaId quota, long perSecond, long burst, long epoch, long ttlMillis, long fencing) {
    return new Grant(quota, REGION, perSecond(perSecond), burst, epoch, ttlMillis, fencing, perSecond(perSecond) / 10);
  }

  static RegionSyncResponse answer(long fencing, List<Grant> grants, List<QuotaId> hotElsewhere) {
    return new RegionSyncResponse(ProtocolVersion.CURRENT, "coord-1", fencing, 0, Optional.empty(), grants,
        hotElsewhere, 1000);
  }
}
