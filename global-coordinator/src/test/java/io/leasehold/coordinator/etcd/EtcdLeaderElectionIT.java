package io.leasehold.coordinator.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.Client;
import io.leasehold.coordinator.FencedWriteResult;
import io.leasehold.coordinator.LeaderInfo;
import io.leasehold.coordinator.LeaderTerm;
import io.leasehold.model.time.Clock;
import io.leasehold.testsupport.EtcdServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/** Coordinator leader election against a real etcd, each participant on its own client. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EtcdLeaderElectionIT {
  static final Duration TTL = Duration.ofSeconds(2);
  static final Clock CLOCK = Clock.system();

  static EtcdServer server;
  static Client admin;

  final List<AutoCloseable> closeAfter = new ArrayList<>();
  EtcdConfig config;

  @BeforeAll
  static void up() {
    server = EtcdServer.startOrConnect();
    admin = EtcdClients.create(EtcdConfig.builder().endpoints(server.endpoints()).build());
  }

  @AfterAll
  static void down() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void isolatedElection() {
    config = EtcdConfig.builder()
        .endpoints(server.endpoints())
        .electionName("/it-" + UUID.randomUUID() + "/leader")
        .leaseTtl(TTL)
        .leaderSafetyMargin(Duration.ofMillis(500))
        .requestTimeout(Duration.ofSeconds(2))
        .retryInitialDelay(Duration.ofMillis(50))
        .retryMaxDelay(Duration.ofMillis(500))
        .build();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      try {
        closeAfter.get(i).close();
      } catch (RuntimeException e) {
        // a client the test already closed
      }
    }
  }

  Client newClient() {
    Client c = EtcdClients.create(config);
    closeAfter.add(c);
    return c;
  }

  EtcdLeaderElection participant(Client client, String url) {
    EtcdLeaderElection e = EtcdLeaderElection.create(client, config, url, CLOCK, Runnable::run);
    closeAfter.add(e);
    return e;
  }

  static LeaderTerm awaitLeading(EtcdLeaderElection e, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(10)).until(() -> e.isLeader(CLOCK.nanos()));
    return e.currentTerm().orElseThrow();
  }

  @Test
  void theStandbyLeadsWithinTheLeaseTtlAfterTheLeadersClientDies(TestReporter reporter) throws Exception {
    Client clientA = newClient();
    EtcdLeaderElection a = participant(clientA, "http://a:8080");
    EtcdLeaderElection b = participant(newClient(), "http://b:8080");
    a.start();
    LeaderTerm termA = awaitLeading(a, Duration.ofSeconds(5));
    CompletableFuture<Boolean> oldLeaderStillLeadingWhenBWon = new CompletableFuture<>();
    b.addLeadershipListener(term -> {
      if (term.isPresent()) {
        oldLeaderStillLeadingWhenBWon.complete(a.isLeader(CLOCK.nanos()));
      }
    });
    b.start();
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.currentLeader().equals(Optional.of(
        new LeaderInfo("http://a:8080", termA.fencingToken()))));
    assertThat(b.isLeader(CLOCK.nanos())).isFalse();

    long killedAt = CLOCK.nanos();
    clientA.close(); // the leader process dies: no resign, no revoke; its lease must expire

    LeaderTerm termB = awaitLeading(b, TTL.plusSeconds(1));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(CLOCK.nanos() - killedAt);
    reporter.publishEntry("failoverMillis", Long.toString(tookMillis));
    assertThat(tookMillis).isLessThanOrEqualTo(TTL.plusSeconds(1).toMillis());
    assertThat(termB.fencingToken()).isGreaterThan(termA.fencingToken());
    assertThat(oldLeaderStillLeadingWhenBWon.get(1, TimeUnit.SECONDS))
        .as("the old leader stops before its lease can expire at etcd").isFalse();
    assertThat(a.isLeader(CLOCK.nanos())).isFalse();
    await().atMost(2, TimeUnit.SECONDS).until(() -> b.currentLeader().equals(Optional.of(
        new LeaderInfo("http://b:8080", termB.fencingToken()))));
  }

  @Test
  void aDeposedLeadersFencedWritesFail() throws Exception {
    EtcdLeaderElection a = participant(newClient(), "http://a:8080");
    EtcdLeaderElection b = participant(newClient(), "http://b:8080");
    a.start();
    LeaderTerm termA = awaitLeading(a, Duration.ofSeconds(5));
    assertThat(a.fencedPut(termA, "/fenced/" + termA.fencingToken(), "a").toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(FencedWriteResult.Written.class);
    b.start();

    admin.getLeaseClient().revoke(termA.leaseId()).get(5, TimeUnit.SECONDS); // etcd takes office away from A

    LeaderTerm termB = awaitLeading(b, Duration.ofSeconds(2));
    assertThat(termB.fencingToken()).isGreaterThan(termA.fencingToken());
    assertThat(a.fencedPut(termA, "/fenced/x", "from a").toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo(new FencedWriteResult.Fenced(termA.fencingToken()));
    assertThat(b.fencedPut(termB, "/fenced/x", "from b").toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(FencedWriteResult.Written.class);
    // A learns from its keep-alive that the lease is gone, steps down and campaigns again behind B.
    await().atMost(TTL).until(() -> !a.isLeader(CLOCK.nanos()));
    assertThat(a.currentTerm()).isEmpty();
  }

  @Test
  void resigningHandsOverWithoutWaitingForTheLease() throws Exception {
    EtcdLeaderElection a = participant(newClient(), "http://a:8080");
    EtcdLeaderElection b = participant(newClient(), "http://b:8080");
    List<Optional<LeaderTerm>> aTerms = new java.util.concurrent.CopyOnWriteArrayList<>();
    a.addLeadershipListener(aTerms::add);
    a.start();
    LeaderTerm termA = awaitLeading(a, Duration.ofSeconds(5));
    b.start();
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.currentLeader().isPresent());

    a.close();

    assertThat(a.isLeader(CLOCK.nanos())).isFalse();
    LeaderTerm termB = awaitLeading(b, Duration.ofSeconds(1));
    assertThat(termB.fencingToken()).isGreaterThan(termA.fencingToken());
    assertThat(aTerms).containsExactly(Optional.of(termA), Optional.empty());
  }
}
