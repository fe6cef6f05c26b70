package io.leasehold.coordinator.http;

import io.leasehold.coordinator.ConfigProblem;
import io.leasehold.coordinator.ConfigSnapshot;
import io.leasehold.coordinator.ConfigStore;
import io.leasehold.coordinator.ConfigValidator;
import io.leasehold.coordinator.ConfigWriteResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link ConfigStore} in memory with the same write semantics as the etcd one (for shell tests). */
final class InMemoryConfigStore implements ConfigStore {
  private final ConfigValidator validator;
  private final List<Consumer<ConfigSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private volatile ConfigSnapshot current = ConfigSnapshot.empty();
  private long revision;
  volatile boolean connected = true;

  InMemoryConfigStore(ConfigValidator validator) {
    this.validator = validator;
  }

  @Override
  public CompletionStage<ConfigSnapshot> start() {
    return CompletableFuture.completedFuture(current);
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
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public synchronized CompletionStage<ConfigWriteResult> put(String id, String json, long expected) {
    long mod = current.modRevision(id);
    if (expected == MUST_NOT_EXIST ? mod != 0 : expected >= 0 && expected != mod) {
      return done(new ConfigWriteResult.Stale(mod));
    }
    Map<String, String> next = new TreeMap<>(current.rulesById());
    next.put(id, json);
    return commit(next, id);
  }

  @Override
  public synchronized CompletionStage<ConfigWriteResult> delete(String id, long expected) {
    long mod = current.modRevision(id);
    if (mod == 0) {
      return done(new ConfigWriteResult.NotFound(id));
    }
    if (expected >= 0 && expected != mod) {
      return done(new ConfigWriteResult.Stale(mod));
    }
    Map<String, String> next = new TreeMap<>(current.rulesById());
    next.remove(id);
    return commit(next, null);
  }

  @Override
  public synchronized CompletionStage<ConfigWriteResult> replaceAll(Map<String, String> rules, long expected) {
    if (expected >= 0 && expected != current.revision()) {
      return done(new ConfigWriteResult.Stale(current.revision()));
    }
    return commit(new TreeMap<>(rules), null);
  }

  private CompletionStage<ConfigWriteResult> commit(Map<String, String> next, String id) {
    List<ConfigProblem> problems = validator.validate(next);
    if (!problems.isEmpty()) {
      return done(new ConfigWriteResult.Rejected(problems));
    }
    if (next.equals(current.rulesById())) {
      return done(new ConfigWriteResult.Applied(id == null ? current.revision() : current.modRevision(id)));
    }
    long rev = ++revision;
    Map<String, Long> mods = new TreeMap<>();
    next.forEach((k, v) -> mods.put(k, v.equals(current.rulesById().get(k)) ? current.modRevision(k) : rev));
    current = new ConfigSnapshot(rev, next, mods);
    listeners.forEach(l -> l.accept(current));
    return done(new ConfigWriteResult.Applied(rev));
  }

  private static CompletionStage<ConfigWriteResult> done(ConfigWriteResult result) {
    return CompletableFuture.completedFuture(result);
  }

  @Override
  public void close() {}
}
