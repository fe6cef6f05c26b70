package io.leasehold.coordinator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.DemandReport;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.GrantAck;
import io.leasehold.model.message.HeldGrant;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A region that follows the child contract (shared-model/docs/allocator.md, protocol.md) to the
 * letter, so tests can ask what it may be admitting at any instant: the newest grant by (fencing
 * token, epoch) until {@code sentAt + ttl}, then that grant's floor; before any grant its
 * configured floor. For a per-key rule, a key the region does not treat as hot uses the rule
 * aggregate's grant (the default share).
 */
final class RegionModel {
  record Held(Grant grant, long sentAtNanos) {
    long expiresAtNanos() {
      return sentAtNanos + grant.ttlMillis() * 1_000_000L;
    }
  }

  /** What the region may admit for a quota: a rate in micro-tokens/s and a burst in tokens. */
  record Use(long micro, long burst) {}

  final String name;
  long seenToken;
  long seq;
  final Map<QuotaId, Held> held = new HashMap<>();
  /** Keys the region treats as hot (reported individually, granted explicitly). */
  final Set<QuotaId> hot = new HashSet<>();
  private final Map<QuotaId, Use> configuredFloors;
  /** Default shares the region derives from the rules alone (equal, weights), per rule aggregate. */
  private final Map<QuotaId, Use> staticShares;
  /** A hot key's grant is forgotten this long after it expired, like the aggregator does. */
  private final long lingerNanos;

  RegionModel(String name, Map<QuotaId, Use> configuredFloors) {
    this(name, configuredFloors, Map.of(), Long.MAX_VALUE);
  }

  RegionModel(String name, Map<QuotaId, Use> configuredFloors, Map<QuotaId, Use> staticShares, long lingerNanos) {
    this.name = name;
    this.configuredFloors = configuredFloors;
    this.staticShares = staticShares;
    this.lingerNanos = lingerNanos;
  }

  /** Forgets hot-key grants that lapsed more than the linger ago (the key's default share applies again). */
  void tick(long nowNanos) {
    held.entrySet().removeIf(e -> !e.getKey().isAggregate()
        && nowNanos - e.getValue().expiresAtNanos() > lingerNanos);
  }

  RegionSyncRequest request(long configRevision, List<DemandReport> ruleDemand, List<DemandReport> hotKeys,
      long nowNanos) {
    List<GrantAck> acks = new ArrayList<>();
    List<HeldGrant> holdings = new ArrayList<>();
    held.forEach((quota, h) -> {
      acks.add(new GrantAck(quota, h.grant().epoch()));
      long remaining = Math.max(0, (h.expiresAtNanos() - nowNanos) / 1_000_000L);
      holdings.add(new HeldGrant(quota, h.grant().microTokensPerSecond(), h.grant().burst(), h.grant().epoch(),
          remaining, h.grant().fencingToken()));
    });
    return new RegionSyncRequest(ProtocolVersion.CURRENT, name, name + "-agg", ++seq, configRevision, seenToken,
        ruleDemand, hotKeys, acks, holdings);
  }

  /** Applies a response to a request sent at {@code sentAtNanos}. */
  void receive(RegionSyncResponse response, long sentAtNanos, long nowNanos) {
    if (response.fencingToken() < seenToken) {
      return; // a deposed leader: ignored
    }
    seenToken = response.fencingToken();
    for (Grant grant : response.grants()) {
      Held current = held.get(grant.quota());
      boolean newer = current == null
          || grant.fencingToken() > current.grant().fencingToken()
          || (grant.fencingToken() == current.grant().fencingToken() && grant.epoch() > current.grant().epoch());
      if (newer) {
        held.put(grant.quota(), new Held(grant, sentAtNanos));
      }
      if (!grant.quota().isAggregate()) {
        hot.add(grant.quota());
      }
    }
    hot.addAll(response.hotKeysElsewhere());
    // A hot key neither granted nor listed any more, whose grant has expired, cools down.
    Set<QuotaId> stillHot = new HashSet<>(response.hotKeysElsewhere());
    response.grants().forEach(g -> stillHot.add(g.quota()));
    hot.removeIf(key -> {
      Held h = held.get(key);
      boolean expired = h == null || nowNanos >= h.expiresAtNanos();
      if (!stillHot.contains(key) && expired) {
        held.remove(key);
        return true;
      }
      return false;
    });
  }

  /** What the region may admit for {@code quota} now. */
  Use use(QuotaId quota, long nowNanos) {
    tick(nowNanos);
    Held h = held.get(quota);
    if (!quota.isAggregate() && h == null) {
      return use(QuotaId.aggregate(quota.ruleId(), quota.limitIndex()), nowNanos);
    }
    Use fixed = staticShares.get(quota);
    if (fixed != null) {
      return fixed;
    }
    if (h == null) {
      return configuredFloors.getOrDefault(QuotaId.aggregate(quota.ruleId(), quota.limitIndex()), new Use(0, 0));
    }
    if (nowNanos < h.expiresAtNanos()) {
      return new Use(h.grant().microTokensPerSecond(), h.grant().burst());
    }
    // Fallback: floor rate, burst = floor rate × 1 s (protocol.md, "Fallback").
    long floor = h.grant().floorMicroTokensPerSecond();
    return new Use(floor, floor / 1_000_000L);
  }
}
