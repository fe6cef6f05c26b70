package io.leasehold.local;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One fault (or repair) injected into a {@link LocalCluster}. {@link #apply} performs it and
 * returns what it measured, e.g. {@code failover_ms} for {@link KillLeader}.
 */
public sealed interface FaultAction {

  /** The step as written in a fault script, e.g. {@code kill-aggregator us-east 0}. */
  String text();

  Map<String, Object> apply(LocalCluster cluster) throws IOException;

  record KillAggregator(String region, int index) implements FaultAction {
    @Override
    public String text() {
      return "kill-aggregator " + region + " " + index;
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) {
      cluster.killAggregator(region, index);
      return Map.of();
    }
  }

  record StopRedis(String region) implements FaultAction {
    @Override
    public String text() {
      return "stop-redis " + region;
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) {
      cluster.stopRedis(region);
      return Map.of();
    }
  }

  record StartRedis(String region) implements FaultAction {
    @Override
    public String text() {
      return "start-redis " + region;
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) throws IOException {
      cluster.startRedis(region);
      return Map.of();
    }
  }

  /** Kills the leading coordinator and waits (up to 30 s) until another one leads. */
  record KillLeader() implements FaultAction {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String text() {
      return "kill-leader";
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) {
      Optional<Duration> failover = cluster.killLeader(WAIT);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("failover_ms", failover.map(Duration::toMillis).orElse(null));
      details.put("etcd_lease_ttl_ms", cluster.spec().etcdLeaseTtl().toMillis());
      return details;
    }
  }

  record StopEtcd() implements FaultAction {
    @Override
    public String text() {
      return "stop-etcd";
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) {
      cluster.stopEtcd();
      return Map.of();
    }
  }

  record StartEtcd() implements FaultAction {
    @Override
    public String text() {
      return "start-etcd";
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) throws IOException {
      cluster.startEtcd();
      return Map.of();
    }
  }

  record Partition(String region) implements FaultAction {
    @Override
    public String text() {
      return "partition " + region;
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) {
      cluster.partition(region);
      return Map.of();
    }
  }

  record Heal(String region) implements FaultAction {
    @Override
    public String text() {
      return "heal " + region;
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) {
      cluster.heal(region);
      return Map.of();
    }
  }

  /** Restarts every killed component. */
  record Revive() implements FaultAction {
    @Override
    public String text() {
      return "revive";
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) throws IOException {
      return Map.of("restarted", cluster.revive());
    }
  }

  /**
   * Changes a rule's first limit through the admin API, then measures how long each edge takes to
   * enforce the new revision (polled every 10 ms, for up to 5 s).
   */
  record SetRate(String ruleId, String rate) implements FaultAction {
    static final Duration PROPAGATION_WAIT = Duration.ofSeconds(5);

    @Override
    public String text() {
      return "set-rate " + ruleId + " " + rate;
    }

    @Override
    public Map<String, Object> apply(LocalCluster cluster) throws IOException {
      long sent = System.nanoTime();
      long revision = cluster.setRate(ruleId, rate);
      Map<String, Long> enforcedAfterMs = new LinkedHashMap<>();
      List<String> edges = new ArrayList<>(cluster.edgeConfigRevisions().keySet());
      long deadline = sent + PROPAGATION_WAIT.toNanos();
      while (enforcedAfterMs.size() < edges.size() && System.nanoTime() < deadline) {
        long now = System.nanoTime();
        cluster.edgeConfigRevisions().forEach((edge, held) -> {
          if (held >= revision) {
            enforcedAfterMs.putIfAbsent(edge, (now - sent) / 1_000_000);
          }
        });
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("revision", revision);
      details.put("edges", edges.size());
      details.put("edges_enforcing", enforcedAfterMs.size());
      details.put("propagation_ms_by_edge", enforcedAfterMs);
      details.put("propagation_max_ms", enforcedAfterMs.values().stream().mapToLong(Long::longValue).max().orElse(-1));
      return details;
    }
  }
}
