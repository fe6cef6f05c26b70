package io.leasehold.local;

import io.leasehold.local.cluster.ProcessCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole Leasehold deployment on this machine's loopback interface, every component a real
 * process: one etcd, one {@code redis-server} per region, coordinators (one leads, the others
 * stand by), aggregator replicas per region, edge sidecars in front of an upstream. The operations
 * below are the faults a test or {@code leasehold local --faults} injects.
 */
public interface LocalCluster extends AutoCloseable {

  /**
   * Starts everything and returns once the rules are in force in every region; throws with the
   * failing component's log tail otherwise (and stops whatever had started).
   */
  static LocalCluster start(ClusterSpec spec, PrintStream progress) throws IOException {
    return ProcessCluster.start(spec, progress);
  }

  ClusterSpec spec();

  /** Human-readable list of every URL (sidecars, aggregators, admin API, metrics) and the tokens. */
  String describe();

  /** Sidecar base URLs of a region (empty while the edge sidecar is not part of this build). */
  List<String> sidecarUrls(String region);

  List<String> aggregatorUrls(String region);

  List<String> coordinatorUrls();

  String adminToken();

  /** Base URL of the leading coordinator, if one leads now (its {@code /readyz} says so). */
  Optional<String> leaderUrl();

  // ---- faults ----

  /** {@code kill -9} of aggregator replica {@code index} (0-based) of {@code region}. */
  void killAggregator(String region, int index);

  /** Stops the regional Redis (its data is lost, as with a cache node that failed without replica). */
  void stopRedis(String region);

  void startRedis(String region) throws IOException;

  /**
   * {@code kill -9} of the leading coordinator; returns the time until another one leads, measured
   * from the kill (polling every coordinator's {@code /readyz}), or empty if none led within
   * {@code wait}.
   */
  Optional<Duration> killLeader(Duration wait);

  void stopEtcd();

  void startEtcd() throws IOException;

  /** Cuts the network between a region's aggregators and the coordinators. */
  void partition(String region);

  void heal(String region);

  /** Restarts every component that was killed; returns their names. */
  List<String> revive() throws IOException;

  /**
   * Sets the first limit of a rule to {@code rate} (burst = the rate's N) through the admin API;
   * returns the new config revision.
   */
  long setRate(String ruleId, String rate) throws IOException;

  /** The config revision each edge says it enforces, by edge name (empty while edges are absent). */
  Map<String, Long> edgeConfigRevisions();

  /** Redis {@code INFO commandstats} calls of a region's Redis, by command. */
  Map<String, Long> redisCommandCalls(String region) throws IOException;

  /** Stops everything (edges first, etcd last) and deletes a temporary work directory. */
  @Override
  void close();
}
