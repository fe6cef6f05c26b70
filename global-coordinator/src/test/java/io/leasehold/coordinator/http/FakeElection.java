package io.leasehold.coordinator.http;

import io.leasehold.coordinator.FencedWriteResult;
import io.leasehold.coordinator.LeaderElection;
import io.leasehold.coordinator.LeaderInfo;
import io.leasehold.coordinator.LeaderTerm;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An election the test decides. */
final class FakeElection implements LeaderElection {
  private final List<Consumer<Optional<LeaderTerm>>> listeners = new CopyOnWriteArrayList<>();
  volatile LeaderTerm term;
  volatile LeaderInfo leader;
  volatile boolean resigned;

  void lead(long token, String url) {
    term = new LeaderTerm(token, "/leader/" + token, token);
    leader = new LeaderInfo(url, token);
    listeners.forEach(l -> l.accept(Optional.of(term)));
  }

  void follow(String url, long token) {
    term = null;
    leader = new LeaderInfo(url, token);
    listeners.forEach(l -> l.accept(Optional.empty()));
  }

  @Override
  public void start() {}

  @Override
  public boolean isLeader(long nowNanos) {
    return term != null;
  }

  @Override
  public Optional<LeaderTerm> currentTerm() {
    return Optional.ofNullable(term);
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    return Optional.ofNullable(leader);
  }

  @Override
  public Runnable addLeadershipListener(Consumer<Optional<LeaderTerm>> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public Runnable addLeaderObserver(Consumer<LeaderInfo> listener) {
    return () -> { };
  }

  @Override
  public CompletionStage<FencedWriteResult> fencedPut(LeaderTerm term, String key, String value) {
    return CompletableFuture.completedFuture(new FencedWriteResult.Written(1));
  }

  @Override
  public CompletionStage<Void> resign() {
    resigned = true;
    term = null;
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    resign();
  }
}
