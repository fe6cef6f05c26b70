package io.leasehold.coordinator.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.leasehold.coordinator.FencedWriteResult;
import io.leasehold.coordinator.LeaderElection;
import io.leasehold.coordinator.LeaderInfo;
import io.leasehold.coordinator.LeaderTerm;
import io.leasehold.model.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeaderElection} through etcd's election service.
 *
 * <p>A term: grant a lease of {@link EtcdConfig#leaseTtl()}, keep it alive, campaign with this
 * node's advertised URL as the value. Winning the campaign makes the leader key's create revision the
 * fencing token. The term ends when the lease is lost: keep-alive {@code onError} <em>or</em>
 * {@code onCompleted} (jetcd completes the stream when the lease deadline passes, stack.md §5.2), or
 * no renewal confirmed on our own monotonic clock by renewal + TTL − safety margin. The lease is
 * then revoked (best effort, so a standby need not wait for the TTL) and, after a jittered backoff,
 * a new term starts. The election is observed throughout so every node knows the current leader.
 */
public final class EtcdLeaderElection implements LeaderElection {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaderElection.class);

  private final Lease leases;
  private final Election election;
  private final KV kv;
  private final ByteSequence electionName;
  private final ByteSequence proposal;
  private final String advertisedUrl;
  private final Clock clock;
  private final Executor listenerExecutor;
  private final long ttlSeconds;
  private final long safetyMarginNanos;
  private final long requestTimeoutMillis;
  private final Backoff backoff;
  private final SerialLoop loop;
  private final List<Consumer<Optional<LeaderTerm>>> leadershipListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<LeaderInfo>> observers = new CopyOnWriteArrayList<>();

  private volatile LeadershipWindow window; // non-null while leading
  private volatile LeaderInfo observedLeader;
  private volatile boolean closed;

  // Confined to the loop thread.
  private boolean started;
  private int termGeneration;
  private int observeGeneration;
  private long leaseId;
  private long leaseValidUntilNanos;
  private LeaderKey leaderKey;
  private CloseableClient keepAlive;
  private ScheduledFuture<?> expiryCheck;
  private int consecutiveFailures;
  private int observeFailures;

  private EtcdLeaderElection(Client client, EtcdConfig config, String advertisedUrl, Clock clock,
      Executor listenerExecutor) {
    this.leases = client.getLeaseClient();
    this.election = client.getElectionClient();
    this.kv = client.getKVClient();
    this.electionName = RuleKeyLayout.bs(config.electionName());
    this.advertisedUrl = advertisedUrl;
    this.proposal = RuleKeyLayout.bs(advertisedUrl);
    this.clock = clock;
    this.listenerExecutor = listenerExecutor;
    this.ttlSeconds = config.leaseTtl().toSeconds();
    this.safetyMarginNanos = config.leaderSafetyMargin().toNanos();
    this.requestTimeoutMillis = config.requestTimeout().toMillis();
    this.backoff = new Backoff(config.retryInitialDelay(), config.retryMaxDelay(),
        () -> ThreadLocalRandom.current().nextDouble());
    this.loop = new SerialLoop("leasehold-leader-election");
  }

  /**
   * An election participant on {@code client} (which the caller keeps owning and closes after this).
   *
   * @param advertisedUrl    where this node serves region syncs; stored as the election value so that
   *                         standbys can forward to the leader
   * @param clock            monotonic clock that bounds how long this node trusts its lease
   * @param listenerExecutor where listeners run; must not block
   */
  public static EtcdLeaderElection create(Client client, EtcdConfig config, String advertisedUrl, Clock clock,
      Executor listenerExecutor) {
    Objects.requireNonNull(advertisedUrl, "advertisedUrl");
    if (advertisedUrl.isBlank()) {
      throw new IllegalArgumentException("advertised_url: \"" + advertisedUrl + "\": must not be blank");
    }
    return new EtcdLeaderElection(Objects.requireNonNull(client, "client"), Objects.requireNonNull(config, "config"),
        advertisedUrl, Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(listenerExecutor, "listenerExecutor"));
  }

  @Override
  public void start() {
    loop.execute(() -> {
      if (!started && !closed) {
        started = true;
        beginTerm();
        observe();
      }
    });
  }

  @Override
  public boolean isLeader(long nowNanos) {
    LeadershipWindow w = window;
    return w != null && w.isValidAt(nowNanos);
  }

  @Override
  public Optional<LeaderTerm> currentTerm() {
    LeadershipWindow w = window;
    return w == null ? Optional.empty() : Optional.of(w.term());
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    return Optional.ofNullable(observedLeader);
  }

  /** The URL this node advertises. */
  public String advertisedUrl() {
    return advertisedUrl;
  }

  @Override
  public Runnable addLeadershipListener(Consumer<Optional<LeaderTerm>> listener) {
    leadershipListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> leadershipListeners.remove(listener);
  }

  @Override
  public Runnable addLeaderObserver(Consumer<LeaderInfo> listener) {
    observers.add(Objects.requireNonNull(listener, "listener"));
    return () -> observers.remove(listener);
  }

  @Override
  public CompletionStage<FencedWriteResult> fencedPut(LeaderTerm term, String key, String value) {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return EtcdCalls.call(() -> kv.txn()
            .If(new Cmp(RuleKeyLayout.bs(term.leaderKey()), Cmp.Op.EQUAL, CmpTarget.createRevision(term.fencingToken())))
            .Then(Op.put(RuleKeyLayout.bs(key), RuleKeyLayout.bs(value), PutOption.DEFAULT))
            .commit(), requestTimeoutMillis)
        .handle((txn, error) -> {
          if (error != null) {
            return new FencedWriteResult.Unavailable(EtcdConfigStore.describe(error));
          }
          return txn.isSucceeded()
              ? new FencedWriteResult.Written(txn.getHeader().getRevision())
              : new FencedWriteResult.Fenced(term.fencingToken());
        });
  }

  @Override
  public CompletionStage<Void> resign() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      closed = true;
      LeaderKey key = leaderKey;
      long lease = leaseId;
      endTerm(false);
      CompletableFuture<?> resigned = key == null ? CompletableFuture.completedFuture(null)
          : EtcdCalls.call(() -> election.resign(key), requestTimeoutMillis);
      resigned.handle((r, e) -> null)
          // Revoking also deletes the leader key, and stops the lease from outliving us if resign failed.
          .thenCompose(ignored -> lease == 0 ? CompletableFuture.completedFuture(null)
              : EtcdCalls.call(() -> leases.revoke(lease), requestTimeoutMillis).handle((r, e) -> null))
          .whenComplete((r, e) -> done.complete(null));
    });
    return done;
  }

  @Override
  public void close() {
    try {
      resign().toCompletableFuture().get(2 * requestTimeoutMillis + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("resigning on close did not finish", e);
    }
    loop.shutdown(requestTimeoutMillis);
  }

  // ---------------------------------------------------------------------------------------------
  // Terms (loop thread)

  private void beginTerm() {
    if (closed) {
      return;
    }
    int generation = ++termGeneration;
    long requestedAt = clock.nanos(); // the lease cannot start before we asked for it
    EtcdCalls.call(() -> leases.grant(ttlSeconds), requestTimeoutMillis)
        .whenCompleteAsync((granted, error) -> {
          if (closed || generation != termGeneration) {
            if (granted != null) {
              EtcdCalls.fireAndForget(() -> leases.revoke(granted.getID()), requestTimeoutMillis);
            }
            return;
          }
          if (error != null) {
            retryTerm(generation, "granting a lease failed: " + EtcdConfigStore.describe(error));
            return;
          }
          leaseId = granted.getID();
          leaseValidUntilNanos = LeadershipWindow.validUntil(requestedAt,
              TimeUnit.SECONDS.toNanos(granted.getTTL()), safetyMarginNanos);
          scheduleExpiryCheck(generation);
          try {
            keepAlive = leases.keepAlive(leaseId, keepAliveObserver(generation));
          } catch (RuntimeException e) {
            retryTerm(generation, "lease keep-alive could not start: " + EtcdConfigStore.describe(e));
            return;
          }
          campaign(generation);
        }, loop);
  }

  private StreamObserver<LeaseKeepAliveResponse> keepAliveObserver(int generation) {
    return new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse response) {
        long receivedAt = clock.nanos(); // read before hopping threads; see onRenewed for why this is safe
        loop.execute(() -> onRenewed(generation, receivedAt, response.getTTL()));
      }

      @Override
      public void onError(Throwable error) {
        loop.execute(() -> retryTerm(generation, "lease keep-alive failed: " + EtcdConfigStore.describe(error)));
      }

      @Override
      public void onCompleted() {
        loop.execute(() -> retryTerm(generation, "lease keep-alive ended (the lease expired)"));
      }
    };
  }

  /**
   * etcd renewed the lease somewhere between our request and {@code receivedAtNanos}, so its expiry
   * at etcd is at most {@code receivedAtNanos + ttl}; the safety margin absorbs the one-way delay and
   * clock-rate differences.
   */
  private void onRenewed(int generation, long receivedAtNanos, long ttl) {
    if (closed || generation != termGeneration) {
      return;
    }
    if (ttl <= 0) {
      retryTerm(generation, "etcd reports the lease expired");
      return;
    }
    leaseValidUntilNanos = LeadershipWindow.validUntil(receivedAtNanos, TimeUnit.SECONDS.toNanos(ttl), safetyMarginNanos);
    LeadershipWindow w = window;
    if (w != null) {
      window = new LeadershipWindow(w.term(), leaseValidUntilNanos);
    }
    consecutiveFailures = 0;
    scheduleExpiryCheck(generation);
  }

  private void scheduleExpiryCheck(int generation) {
    if (expiryCheck != null) {
      expiryCheck.cancel(false);
    }
    expiryCheck = loop.schedule(() -> {
      if (generation == termGeneration && !closed && clock.nanos() - leaseValidUntilNanos >= 0) {
        retryTerm(generation, "no lease renewal confirmed within TTL minus safety margin");
      }
    }, leaseValidUntilNanos - clock.nanos());
  }

  private void campaign(int generation) {
    long lease = leaseId;
    // No timeout: a campaign legitimately waits as long as another node leads (the lease is kept alive meanwhile).
    CompletableFuture<io.etcd.jetcd.election.CampaignResponse> campaign;
    try {
      campaign = election.campaign(electionName, lease, proposal);
    } catch (RuntimeException e) {
      campaign = CompletableFuture.failedFuture(e);
    }
    campaign.whenCompleteAsync((response, error) -> {
      if (closed || generation != termGeneration) {
        if (response != null) {
          // Won with a lease we already gave up: free the office at once.
          EtcdCalls.fireAndForget(() -> election.resign(response.getLeader()), requestTimeoutMillis);
        }
        return;
      }
      if (error != null) {
        retryTerm(generation, "campaign failed: " + EtcdConfigStore.describe(error));
        return;
      }
      LeaderKey key = response.getLeader();
      LeaderTerm term = new LeaderTerm(key.getRevision(), key.getKey().toString(StandardCharsets.UTF_8), key.getLease());
      LeadershipWindow w = new LeadershipWindow(term, leaseValidUntilNanos);
      if (!w.isValidAt(clock.nanos())) {
        retryTerm(generation, "won the campaign after the lease could have expired");
        return;
      }
      leaderKey = key;
      window = w;
      observedLeader = new LeaderInfo(advertisedUrl, term.fencingToken());
      LOG.info("leading as {} with fencing token {}", advertisedUrl, term.fencingToken());
      notifyLeadership(Optional.of(term));
    }, loop);
  }

  /** Ends the current term (if {@code generation} is still current) and starts a new one after a backoff. */
  private void retryTerm(int generation, String reason) {
    if (closed || generation != termGeneration) {
      return;
    }
    String next = window != null ? "stepping down" : "campaigning again";
    if (window != null || consecutiveFailures % 20 == 0) {
      LOG.warn("{}; {} ({} consecutive failures)", reason, next, consecutiveFailures + 1);
    } else {
      LOG.debug("{}; {}", reason, next);
    }
    endTerm(true);
    long delay = backoff.delayNanos(consecutiveFailures++);
    int generationAfterEnd = termGeneration;
    loop.schedule(() -> {
      if (generationAfterEnd == termGeneration) {
        beginTerm();
      }
    }, delay);
  }

  /**
   * Stops acting as leader first, then (if {@code revokeLease}) releases the lease so a standby need
   * not wait for its TTL.
   */
  private void endTerm(boolean revokeLease) {
    termGeneration++;
    boolean wasLeading = window != null;
    window = null;
    if (wasLeading) {
      notifyLeadership(Optional.empty());
    }
    if (expiryCheck != null) {
      expiryCheck.cancel(false);
      expiryCheck = null;
    }
    if (keepAlive != null) {
      try {
        keepAlive.close();
      } catch (RuntimeException e) {
        LOG.debug("closing keep-alive failed", e);
      }
      keepAlive = null;
    }
    if (leaseId != 0 && revokeLease) {
      long lease = leaseId;
      EtcdCalls.fireAndForget(() -> leases.revoke(lease), requestTimeoutMillis); // else the TTL expires it
    }
    leaseId = 0;
    leaderKey = null;
  }

  private void notifyLeadership(Optional<LeaderTerm> term) {
    for (Consumer<Optional<LeaderTerm>> listener : leadershipListeners) {
      listenerExecutor.execute(() -> {
        try {
          listener.accept(term);
        } catch (RuntimeException e) {
          LOG.error("leadership listener failed", e);
        }
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Observing who leads (loop thread)

  private void observe() {
    if (closed) {
      return;
    }
    int generation = ++observeGeneration;
    try {
      election.observe(electionName, new Election.Listener() {
        @Override
        public void onNext(LeaderResponse response) {
          loop.execute(() -> onObserved(generation, response));
        }

        @Override
        public void onError(Throwable error) {
          loop.execute(() -> reobserve(generation, error));
        }

        @Override
        public void onCompleted() {
          loop.execute(() -> reobserve(generation, new IllegalStateException("observe stream ended")));
        }
      });
    } catch (RuntimeException e) {
      reobserve(generation, e);
    }
  }

  private void onObserved(int generation, LeaderResponse response) {
    if (closed || generation != observeGeneration || response.getKv() == null) {
      return;
    }
    observeFailures = 0;
    LeaderInfo info = new LeaderInfo(response.getKv().getValue().toString(StandardCharsets.UTF_8),
        response.getKv().getCreateRevision());
    if (info.equals(observedLeader)) {
      return;
    }
    observedLeader = info;
    for (Consumer<LeaderInfo> observer : observers) {
      listenerExecutor.execute(() -> {
        try {
          observer.accept(info);
        } catch (RuntimeException e) {
          LOG.error("leader observer failed", e);
        }
      });
    }
  }

  private void reobserve(int generation, Throwable error) {
    if (closed || generation != observeGeneration) {
      return;
    }
    observeGeneration++;
    long delay = backoff.delayNanos(observeFailures++);
    LOG.debug("observing the election failed; retrying in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(delay),
        EtcdConfigStore.describe(error));
    loop.schedule(this::observe, delay);
  }
}
