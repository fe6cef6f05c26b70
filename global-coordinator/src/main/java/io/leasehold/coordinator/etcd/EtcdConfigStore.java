package io.leasehold.coordinator.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.leasehold.coordinator.ConfigProblem;
import io.leasehold.coordinator.ConfigSnapshot;
import io.leasehold.coordinator.ConfigStore;
import io.leasehold.coordinator.ConfigValidator;
import io.leasehold.coordinator.ConfigWriteResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * {@link ConfigStore} on etcd: rules under {@link EtcdConfig#rulesPrefix()}, one key per rule id,
 * the value being the rule's canonical JSON (opaque here).
 *
 * <p><b>Writes</b> read the current set, apply the change, run the validator on the result, and
 * commit one transaction guarded by the rule's mod revision and by the revision key
 * ({@link EtcdConfig#rulesRevisionKey()}) not having moved since the read; every write bumps the
 * revision key in the same transaction. A concurrent write to another rule makes the guard fail and
 * the write is re-read, re-validated and retried (bounded); a failed precondition of the caller's is
 * {@link ConfigWriteResult.Stale}.
 *
 * <p><b>Reads</b> come from an in-memory snapshot kept current by a watch that starts at the
 * snapshot's revision + 1. Watch errors mark the store disconnected and resume the watch from the
 * last seen revision + 1 after a jittered backoff; a compacted (or future) revision forces a fresh
 * snapshot. The last known good snapshot is never cleared.
 *
 * <p>All mutable state is confined to one internal thread; jetcd's gRPC callbacks hop onto it, and
 * listeners are called on the executor given at construction (e.g. a Vert.x context's
 * {@code runOnContext}).
 */
public final class EtcdConfigStore implements ConfigStore {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdConfigStore.class);
  private static final int MAX_WRITE_ATTEMPTS = 5;
  private static final ByteSequence EMPTY = ByteSequence.EMPTY;

  private final KV kv;
  private final Watch watch;
  private final EtcdConfig config;
  private final RuleKeyLayout keys;
  private final ConfigValidator validator;
  private final Executor listenerExecutor;
  private final SerialLoop loop;
  private final Backoff backoff;
  private final long requestTimeoutMillis;
  private final List<Consumer<ConfigSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<ConfigSnapshot> firstSnapshot = new CompletableFuture<>();

  private volatile ConfigSnapshot current = ConfigSnapshot.empty();
  private volatile boolean connected;
  private volatile boolean closed;

  // Confined to the loop thread.
  private boolean started;
  private long nextWatchRevision;
  private Watch.Watcher watcher;
  private int watchGeneration;
  private int consecutiveFailures;
  private ScheduledFuture<?> retry;

  private EtcdConfigStore(Client client, EtcdConfig config, ConfigValidator validator, Executor listenerExecutor) {
    this.kv = client.getKVClient();
    this.watch = client.getWatchClient();
    this.config = config;
    this.keys = RuleKeyLayout.of(config);
    this.validator = validator;
    this.listenerExecutor = listenerExecutor;
    this.loop = new SerialLoop("leasehold-config-store");
    this.backoff = new Backoff(config.retryInitialDelay(), config.retryMaxDelay(),
        () -> ThreadLocalRandom.current().nextDouble());
    this.requestTimeoutMillis = config.requestTimeout().toMillis();
  }

  /**
   * A store on {@code client} (which the caller keeps owning and closes after this store).
   *
   * @param listenerExecutor where listeners run; must not block (a Vert.x shell passes {@code context::runOnContext})
   */
  public static EtcdConfigStore create(Client client, EtcdConfig config, ConfigValidator validator,
      Executor listenerExecutor) {
    return new EtcdConfigStore(Objects.requireNonNull(client, "client"), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(validator, "validator"), Objects.requireNonNull(listenerExecutor, "listenerExecutor"));
  }

  @Override
  public CompletionStage<ConfigSnapshot> start() {
    loop.execute(() -> {
      if (!started && !closed) {
        started = true;
        loadSnapshot();
      }
    });
    return firstSnapshot.copy();
  }

  /**
   * Starts from a last known good snapshot (e.g. cached on disk) instead of loading one: it is
   * served at once, even if etcd is down, and changes are followed from its revision + 1 (a fresh
   * snapshot is loaded if etcd compacted that far).
   */
  public CompletionStage<ConfigSnapshot> startFrom(ConfigSnapshot lastKnownGood) {
    Objects.requireNonNull(lastKnownGood, "lastKnownGood");
    loop.execute(() -> {
      if (!started && !closed) {
        started = true;
        publish(lastKnownGood);
        startWatch(lastKnownGood.revision() + 1);
      }
    });
    return firstSnapshot.copy();
  }

  @Override
  public ConfigSnapshot current() {
    return current;
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public Runnable addListener(Consumer<ConfigSnapshot> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    connected = false;
    loop.execute(() -> {
      if (retry != null) {
        retry.cancel(false);
      }
      closeWatcher();
    });
    loop.shutdown(requestTimeoutMillis);
    firstSnapshot.completeExceptionally(new IllegalStateException("config store closed"));
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshot and watch (loop thread)

  private void loadSnapshot() {
    int generation = closeWatcher();
    EtcdCalls.call(() -> kv.get(keys.rangeStart(), GetOption.builder().withRange(keys.rangeEnd()).build()),
            requestTimeoutMillis)
        .whenCompleteAsync((response, error) -> {
          if (closed || generation != watchGeneration) {
            return;
          }
          if (error != null) {
            failed("loading the rules", error, this::loadSnapshot);
            return;
          }
          StoredState state = StoredState.of(response, keys);
          ConfigSnapshot now = current;
          if (!state.rules().equals(now.rulesById()) || !state.modRevisions().equals(now.modRevisionById())) {
            // A revision must never go back, even if rules were deleted behind the store's back.
            long revision = state.configRevision() > now.revision() ? state.configRevision() : state.headerRevision();
            publish(new ConfigSnapshot(revision, state.rules(), state.modRevisions()));
          } else if (!firstSnapshot.isDone()) {
            publish(now);
          }
          markConnected();
          startWatch(state.headerRevision() + 1);
        }, loop);
  }

  private void startWatch(long fromRevision) {
    int generation = closeWatcher();
    nextWatchRevision = fromRevision;
    WatchOption option = WatchOption.builder()
        .withRange(keys.rangeEnd())
        .withRevision(fromRevision)
        .withRequireLeader(true) // a member cut off from the quorum fails the stream instead of going silent
        .withCreateNotify(true) // the "created" answer tells us etcd is reachable again
        .build();
    try {
      watcher = watch.watch(keys.rangeStart(), option, Watch.listener(
          response -> loop.execute(() -> onWatchResponse(generation, response)),
          error -> loop.execute(() -> onWatchError(generation, error)),
          () -> loop.execute(() -> onWatchError(generation, new IllegalStateException("watch stream ended")))));
    } catch (RuntimeException e) {
      failed("watching the rules", e, () -> startWatch(nextWatchRevision));
    }
  }

  private void onWatchResponse(int generation, WatchResponse response) {
    if (closed || generation != watchGeneration) {
      return;
    }
    markConnected();
    if (response.getEvents().isEmpty()) {
      return;
    }
    ConfigSnapshot now = current;
    Map<String, String> rules = new HashMap<>(now.rulesById());
    Map<String, Long> modRevisions = new HashMap<>(now.modRevisionById());
    long revision = now.revision();
    for (WatchEvent event : response.getEvents()) {
      KeyValue kv = event.getKeyValue();
      nextWatchRevision = Math.max(nextWatchRevision, kv.getModRevision() + 1);
      Optional<String> id = keys.ruleId(kv.getKey());
      if (id.isEmpty() && !keys.isRevisionKey(kv.getKey())) {
        continue; // another key that happens to sort inside the watched range
      }
      revision = Math.max(revision, kv.getModRevision());
      if (id.isPresent()) {
        if (event.getEventType() == WatchEvent.EventType.PUT) {
          rules.put(id.get(), kv.getValue().toString(StandardCharsets.UTF_8));
          modRevisions.put(id.get(), kv.getModRevision());
        } else if (event.getEventType() == WatchEvent.EventType.DELETE) {
          rules.remove(id.get());
          modRevisions.remove(id.get());
        }
      }
    }
    if (revision != now.revision()) {
      publish(new ConfigSnapshot(revision, rules, modRevisions));
    }
  }

  private void onWatchError(int generation, Throwable error) {
    if (closed || generation != watchGeneration) {
      return;
    }
    closeWatcher();
    if (error instanceof CompactedException compacted) {
      LOG.info("rules watch from revision {} hit compaction at {}; reloading the rules",
          nextWatchRevision, compacted.getCompactedRevision());
      loadSnapshot();
    } else if (error instanceof EtcdException e && e.getErrorCode() == ErrorCode.OUT_OF_RANGE) {
      LOG.warn("rules watch from revision {} is ahead of etcd (was etcd restored from an older backup?); "
          + "reloading the rules", nextWatchRevision);
      loadSnapshot();
    } else {
      failed("watching the rules", error, () -> startWatch(nextWatchRevision));
    }
  }

  /** Marks the store disconnected and schedules {@code retryAction} after a jittered backoff. */
  private void failed(String what, Throwable error, Runnable retryAction) {
    connected = false;
    long delay = backoff.delayNanos(consecutiveFailures++);
    if (consecutiveFailures == 1 || consecutiveFailures % 20 == 0) {
      LOG.warn("etcd unavailable while {} ({} consecutive failures), serving config revision {}; retrying in {} ms: {}",
          what, consecutiveFailures, current.revision(), TimeUnit.NANOSECONDS.toMillis(delay), describe(error));
    }
    retry = loop.schedule(() -> {
      if (!closed) {
        retryAction.run();
      }
    }, delay);
  }

  private void markConnected() {
    if (!connected && consecutiveFailures > 0) {
      LOG.info("etcd reachable again after {} failures; following rules from revision {}",
          consecutiveFailures, nextWatchRevision);
    }
    consecutiveFailures = 0;
    connected = true;
  }

  /** Closes the current watcher, if any, and returns the generation that callbacks must carry from now on. */
  private int closeWatcher() {
    watchGeneration++;
    if (watcher != null) {
      Watch.Watcher w = watcher;
      watcher = null;
      try {
        w.close();
      } catch (RuntimeException e) {
        LOG.debug("closing the rules watcher failed", e);
      }
    }
    return watchGeneration;
  }

  private void publish(ConfigSnapshot snapshot) {
    current = snapshot;
    firstSnapshot.complete(snapshot);
    for (Consumer<ConfigSnapshot> listener : listeners) {
      listenerExecutor.execute(() -> {
        try {
          listener.accept(snapshot);
        } catch (RuntimeException e) {
          LOG.error("config listener failed on revision {}", snapshot.revision(), e);
        }
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  @Override
  public CompletionStage<ConfigWriteResult> put(String id, String ruleJson, long expectedModRevision) {
    Objects.requireNonNull(ruleJson, "ruleJson");
    checkExpected("expectedModRevision", expectedModRevision, true);
    Optional<ConfigProblem> badId = RuleKeyLayout.checkId("id", id);
    if (badId.isPresent()) {
      return CompletableFuture.completedFuture(new ConfigWriteResult.Rejected(List.of(badId.get())));
    }
    return write(state -> {
      long stored = state.modRevision(id);
      if (expectedModRevision == MUST_NOT_EXIST ? stored != 0
          : expectedModRevision != ANY_REVISION && stored != expectedModRevision) {
        return Plan.done(new ConfigWriteResult.Stale(stored));
      }
      if (ruleJson.equals(state.rules().get(id))) {
        return Plan.done(new ConfigWriteResult.Applied(state.configRevision()));
      }
      Map<String, String> result = new HashMap<>(state.rules());
      result.put(id, ruleJson);
      return Plan.change(result, List.of(unchangedSinceRead(id, stored)),
          List.of(Op.put(keys.ruleKey(id), RuleKeyLayout.bs(ruleJson), PutOption.DEFAULT)));
    });
  }

  @Override
  public CompletionStage<ConfigWriteResult> delete(String id, long expectedModRevision) {
    checkExpected("expectedModRevision", expectedModRevision, false);
    if (RuleKeyLayout.checkId("id", id).isPresent()) {
      return CompletableFuture.completedFuture(new ConfigWriteResult.NotFound(String.valueOf(id)));
    }
    return write(state -> {
      long stored = state.modRevision(id);
      if (stored == 0) {
        return Plan.done(new ConfigWriteResult.NotFound(id));
      }
      if (expectedModRevision != ANY_REVISION && stored != expectedModRevision) {
        return Plan.done(new ConfigWriteResult.Stale(stored));
      }
      Map<String, String> result = new HashMap<>(state.rules());
      result.remove(id);
      return Plan.change(result, List.of(unchangedSinceRead(id, stored)),
          List.of(Op.delete(keys.ruleKey(id), DeleteOption.DEFAULT)));
    });
  }

  @Override
  public CompletionStage<ConfigWriteResult> replaceAll(Map<String, String> rulesById, long expectedRevision) {
    Objects.requireNonNull(rulesById, "rulesById");
    if (expectedRevision != ANY_REVISION && expectedRevision < 0) {
      throw new IllegalArgumentException("expectedRevision: " + expectedRevision
          + ": must be a config revision (>= 0) or ANY_REVISION");
    }
    List<ConfigProblem> badIds = new ArrayList<>();
    Map<String, String> wanted = Map.copyOf(rulesById);
    wanted.keySet().stream().sorted()
        .forEach(id -> RuleKeyLayout.checkId("rules[" + id + "].id", id).ifPresent(badIds::add));
    if (!badIds.isEmpty()) {
      return CompletableFuture.completedFuture(new ConfigWriteResult.Rejected(badIds));
    }
    return write(state -> {
      if (expectedRevision != ANY_REVISION && state.configRevision() > expectedRevision) {
        return Plan.done(new ConfigWriteResult.Stale(state.configRevision()));
      }
      List<Op> ops = new ArrayList<>();
      wanted.forEach((id, json) -> {
        if (!json.equals(state.rules().get(id))) {
          ops.add(Op.put(keys.ruleKey(id), RuleKeyLayout.bs(json), PutOption.DEFAULT));
        }
      });
      state.rules().keySet().stream().filter(id -> !wanted.containsKey(id))
          .forEach(id -> ops.add(Op.delete(keys.ruleKey(id), DeleteOption.DEFAULT)));
      if (ops.isEmpty()) {
        return Plan.done(new ConfigWriteResult.Applied(state.configRevision()));
      }
      // The revision-key guard alone covers every rule: per-rule guards would count against max-txn-ops.
      return Plan.change(wanted, List.of(), ops);
    });
  }

  private static void checkExpected(String name, long expected, boolean mayBeMustNotExist) {
    if (expected == ANY_REVISION || (mayBeMustNotExist && expected == MUST_NOT_EXIST) || expected > 0) {
      return;
    }
    throw new IllegalArgumentException(name + ": " + expected + ": must be a mod revision (> 0), "
        + (mayBeMustNotExist ? "MUST_NOT_EXIST or " : "") + "ANY_REVISION");
  }

  private Cmp unchangedSinceRead(String id, long modRevision) {
    return modRevision == 0
        ? new Cmp(keys.ruleKey(id), Cmp.Op.EQUAL, CmpTarget.version(0))
        : new Cmp(keys.ruleKey(id), Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision));
  }

  private CompletionStage<ConfigWriteResult> write(java.util.function.Function<StoredState, Plan> planner) {
    return attempt(planner, 1)
        .exceptionally(error -> {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          if (cause instanceof EtcdUnreachable unreachable) {
            return new ConfigWriteResult.Unavailable(describe(unreachable.getCause()));
          }
          throw error instanceof CompletionException ce ? ce : new CompletionException(cause);
        });
  }

  private CompletableFuture<ConfigWriteResult> attempt(java.util.function.Function<StoredState, Plan> planner,
      int attempt) {
    if (closed) {
      return CompletableFuture.completedFuture(new ConfigWriteResult.Unavailable("config store closed"));
    }
    return etcd(() -> kv.get(keys.rangeStart(), GetOption.builder().withRange(keys.rangeEnd()).build()))
        .thenComposeAsync(response -> {
          StoredState state = StoredState.of(response, keys);
          Plan plan = planner.apply(state);
          if (plan.outcome() != null) {
            return CompletableFuture.completedFuture(plan.outcome());
          }
          List<ConfigProblem> problems = List.copyOf(validator.validate(Map.copyOf(plan.resultingRules())));
          if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(new ConfigWriteResult.Rejected(problems));
          }
          if (plan.ops().size() + 1 > config.maxTxnOps()) {
            return CompletableFuture.completedFuture(new ConfigWriteResult.Rejected(List.of(new ConfigProblem("rules",
                String.valueOf(plan.ops().size()), "changes " + plan.ops().size() + " rules at once; etcd allows "
                + (config.maxTxnOps() - 1) + " per transaction (etcd.max_txn_ops): apply the change in parts"))));
          }
          List<Cmp> guards = new ArrayList<>(plan.guards());
          // No config write since our read: the validated set is exactly the set this write produces.
          guards.add(new Cmp(keys.revisionKey(), Cmp.Op.LESS, CmpTarget.modRevision(state.headerRevision() + 1)));
          List<Op> ops = new ArrayList<>(plan.ops());
          ops.add(Op.put(keys.revisionKey(), EMPTY, PutOption.DEFAULT));
          return etcd(() -> kv.txn().If(guards.toArray(Cmp[]::new)).Then(ops.toArray(Op[]::new)).commit())
              .thenComposeAsync(txn -> {
                if (txn.isSucceeded()) {
                  return CompletableFuture.completedFuture(
                      (ConfigWriteResult) new ConfigWriteResult.Applied(txn.getHeader().getRevision()));
                }
                if (attempt >= MAX_WRITE_ATTEMPTS) {
                  LOG.warn("config write lost the race {} times in a row; reporting it as stale", attempt);
                  return CompletableFuture.completedFuture(
                      (ConfigWriteResult) new ConfigWriteResult.Stale(state.configRevision()));
                }
                // Someone wrote in between: re-read, so a changed precondition becomes Stale and
                // an unrelated change gets validated together with ours.
                return attempt(planner, attempt + 1);
              }, loop);
        }, loop);
  }

  private <T> CompletableFuture<T> etcd(java.util.function.Supplier<CompletableFuture<T>> call) {
    return EtcdCalls.call(call, requestTimeoutMillis).exceptionally(error -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      throw new EtcdUnreachable(cause);
    });
  }

  static String describe(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof java.util.concurrent.TimeoutException) {
      return "etcd did not answer in time";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** The rule range as read from etcd at one revision. */
  private record StoredState(Map<String, String> rules, Map<String, Long> modRevisions, long configRevision,
      long headerRevision) {

    static StoredState of(GetResponse response, RuleKeyLayout keys) {
      Map<String, String> rules = new HashMap<>();
      Map<String, Long> modRevisions = new HashMap<>();
      long configRevision = 0;
      for (KeyValue kv : response.getKvs()) {
        Optional<String> id = keys.ruleId(kv.getKey());
        if (id.isPresent()) {
          rules.put(id.get(), kv.getValue().toString(StandardCharsets.UTF_8));
          modRevisions.put(id.get(), kv.getModRevision());
          configRevision = Math.max(configRevision, kv.getModRevision());
        } else if (keys.isRevisionKey(kv.getKey())) {
          configRevision = Math.max(configRevision, kv.getModRevision());
        }
      }
      return new StoredState(Map.copyOf(rules), Map.copyOf(modRevisions), configRevision,
          response.getHeader().getRevision());
    }

    long modRevision(String id) {
      Long rev = modRevisions.get(id);
      return rev == null ? 0 : rev;
    }
  }

  /** Either a final outcome decided from the read, or the change to validate and commit. */
  private record Plan(ConfigWriteResult outcome, Map<String, String> resultingRules, List<Cmp> guards, List<Op> ops) {
    static Plan done(ConfigWriteResult outcome) {
      return new Plan(outcome, null, null, null);
    }

    static Plan change(Map<String, String> resultingRules, List<Cmp> guards, List<Op> ops) {
      return new Plan(null, resultingRules, guards, ops);
    }
  }

  /** An etcd call failed or timed out: reported as {@link ConfigWriteResult.Unavailable}, never thrown to callers. */
  private static final class EtcdUnreachable extends RuntimeException {
    EtcdUnreachable(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
